"""govinfo command line: a thin shell over govinfo.pipeline."""
from __future__ import annotations

import argparse
import sys

from ingestion.errors import InputError

from .config import Paths
from .periods import periods_between
from .transform import TransformError


def _paths_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inputs", help="inputs folder (mail/, sheets/); default $GOVINFO_INPUTS or the bundled sample")
    parser.add_argument("--warehouse", help="DuckDB file; default $GOVINFO_WAREHOUSE or warehouse/govinfo.duckdb")
    parser.add_argument("--publish-dir", help="publish folder; default $GOVINFO_PUBLISH_DIR or publish/")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govinfo", description="Count government-information submissions "
                                     "and adoptions, and publish the bimonthly annex.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest → dbt build → publish one period")
    run.add_argument("--period", required=True, help="YYYY-MM, an odd month (2024-05 = May–June)")
    _paths_options(run)
    ingest = commands.add_parser("ingest", help="land the inputs in the warehouse's raw tables only")
    _paths_options(ingest)
    backfill = commands.add_parser("backfill", help="run every period from --from to --to, in order")
    backfill.add_argument("--from", dest="first", required=True)
    backfill.add_argument("--to", dest="last", required=True)
    _paths_options(backfill)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # imported after parsing so that --help stays instant
    from . import pipeline

    paths = Paths.resolve(args.inputs, args.warehouse, args.publish_dir)
    try:
        if args.command == "ingest":
            lines = pipeline.ingest_step(paths).lines()
        elif args.command == "run":
            lines = pipeline.run_period(paths, args.period)
        else:
            lines = []
            for period_id in periods_between(args.first, args.last):
                lines += pipeline.run_period(paths, period_id)
    except (InputError, TransformError) as exc:
        print(f"govinfo: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
