"""A synthetic inputs folder of any size, for benchmarks:

    python -m devtools.generate --units N --months M [--seed S] [--start YYYY-MM] --out DIR

OUT/expected.json says what the pipeline must count (devtools/samplegen/scale.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .samplegen.scale import generate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devtools.generate",
                                     description="write a synthetic inputs folder of any size (benchmarks); "
                                                 "OUT/expected.json says what it must count")
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--months", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", default="2024-01", help="first month, YYYY-MM (default 2024-01)")
    parser.add_argument("--out", required=True, help="a new or empty folder (or one generated before)")
    parser.add_argument("--workers", type=int, help="processes writing messages; default the core count")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        summary = generate(Path(args.out), args.units, args.months, args.seed, args.start, args.workers)
    except ValueError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {summary['messages']} messages, {summary['workbooks']} workbooks")
    for period, expected in summary["periods"].items():
        print(f"period {period}: submitted {expected['submitted']}, points {expected['points']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
