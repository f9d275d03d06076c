"""govinfo command line: a thin shell over govinfo.pipeline."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ingestion.errors import InputError
from ingestion.periods import ANY_FORM

from .config import TARGETS, Paths
from .quick_exit import end_now
from .run_lock import DEFAULT_WAIT_SECONDS, busy_file_sentence, warehouse_lock


PERIOD_HELP = f"a period id of the year's 考核周期: {ANY_FORM}"


def _paths_options(parser: argparse.ArgumentParser) -> None:
    _wait_option(parser)
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


def _allow_empty_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-empty", action="store_true", help="publish even when no message is dated in the "
                        "period, or the inputs have no mail/ folder (a run refuses both otherwise)")


def _wait_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT_SECONDS, metavar="SECONDS",
                        help="how long to wait for another run holding the warehouse "
                        f"(default {DEFAULT_WAIT_SECONDS}); then exit 2 naming it")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govinfo", description="Count government-information submissions "
                                     "and adoptions, and publish the bimonthly annex.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest → dbt build → publish one period")
    run.add_argument("--period", required=True, help=PERIOD_HELP)
    run.add_argument("--notice-date", type=_date, help="the date printed on the notice, YYYY-MM-DD (default today)")
    _paths_options(run)
    _target_option(run)
    _allow_empty_option(run)
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
    _allow_empty_option(backfill)
    delete = commands.add_parser("delete-period", help="remove a period from the marts, the serving copy and "
                                 "publish/ (its published files are kept under publish/<period>/history/)")
    delete.add_argument("period", help="the period id")
    _paths_options(delete)
    fetch = commands.add_parser("fetch-mail", help="archive the office mailbox's new messages under "
                                "<inputs>/mail/imap/ (settings: GOVINFO_IMAP_* variables)")
    fetch.add_argument("--inputs", help="inputs folder; default $GOVINFO_INPUTS")
    fetch.set_defaults(warehouse=None, publish_dir=None, wait=0)
    export = commands.add_parser("export-parquet", help="write every marts table of the serving copy "
                                 "(<warehouse>.serving.duckdb beside it) as <out>/<table>.parquet")
    export.add_argument("--out", required=True, help="folder for the Parquet files")
    export.add_argument("--warehouse", help="DuckDB file; default $GOVINFO_WAREHOUSE or warehouse/govinfo.duckdb")
    export.set_defaults(inputs=None, publish_dir=None, wait=0)
    explain = commands.add_parser("explain", help="print, in Chinese, every figure of one unit for a period: "
                                  "submissions, adoptions, monthly quota checks, 考核调整, 约稿, points")
    explain.add_argument("--period", required=True, help="the period, as for run")
    explain.add_argument("--unit", required=True, help="单位名称, 表内名称 or an alias")
    explain.add_argument("--warehouse", help="DuckDB file; default $GOVINFO_WAREHOUSE or warehouse/govinfo.duckdb")
    return parser


LOCKING = ("run", "backfill", "ingest", "validate", "delete-period")


def _execute(args: argparse.Namespace, paths: Paths) -> list[str]:
    # a run's dbt and validate children start before this process imports the steps' modules (0.3 s), which they
    # overlap; under the warehouse's lock, taken by main
    ahead = None
    if args.command == "run":
        from .ahead import Ahead

        ahead = Ahead.start(paths, args.period)
    try:
        return _step(args, paths, ahead)
    finally:
        if ahead is not None:
            ahead.cancel()   # those a failed run did not use


def _step(args: argparse.Namespace, paths: Paths, ahead) -> list[str]:
    from . import pipeline, serving

    if args.command == "ingest":
        return pipeline.ingest_step(paths).lines()
    if args.command == "validate":
        return pipeline.validate_only(paths, args.period)
    if args.command == "fetch-mail":
        summary = pipeline.fetch_mail_step(paths)
        return [summary.line(), f"archive: {summary.archive}"]
    if args.command == "export-parquet":
        return [str(path) for path in serving.export_parquet(paths, Path(args.out).resolve())]
    if args.command == "run":
        return pipeline.run_period(paths, args.period, allow_empty=args.allow_empty,
                                   notice_date=args.notice_date, ahead=ahead)
    if args.command == "delete-period":
        return pipeline.delete_period(paths, args.period)
    return pipeline.backfill(paths, args.first, args.last, allow_empty=args.allow_empty)


def _one_line(exc: BaseException, paths: Paths) -> str:
    """What went wrong, as one line a clerk or an administrator can act on (never a traceback)."""
    import duckdb

    text = " ".join(str(exc).split())
    if isinstance(exc, duckdb.IOException) and "lock" in text.lower():
        return busy_file_sentence(paths.warehouse, text)
    if isinstance(exc, (duckdb.Error, OSError)):
        return f"{text} ({type(exc).__name__}; nothing was published)"
    return text


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
    # every error ends in one line (_one_line): InputError, TransformError, ImapError, TargetError, ServingError,
    # PublishError, MartValidationError and WarehouseBusy say what to do; the steps' modules load in _step
    try:
        paths = Paths.resolve(args.inputs, args.warehouse, args.publish_dir, getattr(args, "target", None))
        if args.command in LOCKING:
            command = " ".join(["govinfo", *(sys.argv[1:] if argv is None else argv)])
            with warehouse_lock(paths.warehouse, command, args.wait, progress=_stderr):
                lines = _execute(args, paths)
        else:
            lines = _execute(args, paths)
    except Exception as exc:  # noqa: BLE001 - any error ends in one line, not a traceback
        where = locals().get("paths")
        print(f"govinfo: {_one_line(exc, where) if where else exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def command() -> None:
    """The `govinfo` command: main(), then the process ends at once (its files, the warehouse and the serving copy
    are all closed by then)."""
    end_now(main())


if __name__ == "__main__":
    command()
