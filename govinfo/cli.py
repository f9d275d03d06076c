"""govinfo command line: a thin shell over govinfo.pipeline."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ingestion.errors import InputError
from ingestion.imap_fetch import ImapError

from .config import TARGETS, Paths
from .transform import TransformError


PERIOD_HELP = ("a period id of the year's 考核周期: 2024-05 (双月: odd month; 月: any month), 2024-Q2 (季度), "
               "2024-H1 (半年) or 2024 (年)")


def _paths_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inputs", help="inputs folder (mail/, sheets/); default $GOVINFO_INPUTS or the bundled sample")
    parser.add_argument("--warehouse", help="DuckDB file; default $GOVINFO_WAREHOUSE or warehouse/govinfo.duckdb")
    parser.add_argument("--publish-dir", help="publish folder; default $GOVINFO_PUBLISH_DIR or publish/")


def _target_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", choices=TARGETS, help="where dbt builds: duckdb (the warehouse file) or postgres "
                        "(PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE); default $GOVINFO_DBT_TARGET or duckdb")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govinfo", description="Count government-information submissions "
                                     "and adoptions, and publish the bimonthly annex.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest → dbt build → publish one period")
    run.add_argument("--period", required=True, help=PERIOD_HELP)
    run.add_argument("--notice-date", type=_date, help="the date printed on the notice, YYYY-MM-DD (default today)")
    _paths_options(run)
    _target_option(run)
    ingest = commands.add_parser("ingest", help="land the inputs in the warehouse's raw tables only")
    _paths_options(ingest)
    validate = commands.add_parser("validate", help="ingest, then check every input with its expectation suite: "
                                   "row problems are rejected, a structural problem exits 2")
    validate.add_argument("--period", help=PERIOD_HELP + "; also checks the id against the scheme")
    _paths_options(validate)
    backfill = commands.add_parser("backfill", help="run every period from --from to --to, in order")
    backfill.add_argument("--from", dest="first", required=True, help="first period id (its year's form)")
    backfill.add_argument("--to", dest="last", required=True, help="last period id (its year's form)")
    _paths_options(backfill)
    _target_option(backfill)
    fetch = commands.add_parser("fetch-mail", help="archive the office mailbox's new messages under "
                                "<inputs>/mail/imap/ (settings: GOVINFO_IMAP_* variables)")
    fetch.add_argument("--inputs", help="inputs folder; default $GOVINFO_INPUTS")
    fetch.set_defaults(warehouse=None, publish_dir=None)
    export = commands.add_parser("export-parquet", help="write every marts table of the serving copy "
                                 "(<warehouse>.serving.duckdb beside it) as <out>/<table>.parquet")
    export.add_argument("--out", required=True, help="folder for the Parquet files")
    export.add_argument("--warehouse", help="DuckDB file; default $GOVINFO_WAREHOUSE or warehouse/govinfo.duckdb")
    export.set_defaults(inputs=None, publish_dir=None)
    explain = commands.add_parser("explain", help="print, in Chinese, every figure of one unit for a period: "
                                  "submissions, adoptions, monthly quota checks, 考核调整, 约稿, points")
    explain.add_argument("--period", required=True, help="the period, as for run")
    explain.add_argument("--unit", required=True, help="单位名称, 表内名称 or an alias")
    explain.add_argument("--warehouse", help="DuckDB file; default $GOVINFO_WAREHOUSE or warehouse/govinfo.duckdb")
    return parser


def _explain(args: argparse.Namespace) -> int:
    # reads the built warehouse only: no dbt, no Great Expectations, so it answers at once
    from .explain import UnknownUnit, explain_unit

    paths = Paths.resolve(None, args.warehouse, None)
    try:
        print(explain_unit(paths.warehouse, args.period, args.unit))
    except (UnknownUnit, InputError) as exc:
        print(f"govinfo: {exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "explain":
        return _explain(args)
    # imported after parsing so that --help stays instant
    from . import pipeline, serving
    from .postgres import TargetError

    paths = Paths.resolve(args.inputs, args.warehouse, args.publish_dir, getattr(args, "target", None))
    try:
        if args.command == "ingest":
            lines = pipeline.ingest_step(paths).lines()
        elif args.command == "validate":
            lines = pipeline.validate_only(paths, args.period)
        elif args.command == "fetch-mail":
            summary = pipeline.fetch_mail_step(paths)
            lines = [summary.line(), f"archive: {summary.archive}"]
        elif args.command == "export-parquet":
            lines = [str(path) for path in serving.export_parquet(paths, Path(args.out).resolve())]
        elif args.command == "run":
            lines = pipeline.run_period(paths, args.period, notice_date=args.notice_date)
        else:
            lines = pipeline.backfill(paths, args.first, args.last)
    except (InputError, TransformError, ImapError, TargetError, serving.ServingError) as exc:
        print(f"govinfo: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
