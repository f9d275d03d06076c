"""A synthetic inputs folder of any size, for benchmarks:

    python -m devtools.generate --units N --months M [--seed S] [--start YYYY-MM] [--scheme rich]
                                [--mail-from DIR] --out DIR

OUT/expected.json says what the pipeline must count (devtools/samplegen/scale.py). --scheme rich writes the
benchmark's rich scheme over the sheets (devtools/samplegen/schemes.py: its own levels and kinds, 国家, 刊物 rows,
批示, 约稿, 上限, 取最高, groups and ranks, decimal points); expected.json then keeps the counts, not the points.
--mail-from reuses a folder generated before with the same size and seed: its mail/ linked, not written again."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .samplegen.scale import EXPECTED, generate, month_list, reuse
from .samplegen.scale_units import build_units
from .samplegen.schemes import write_rich_scheme


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
    parser.add_argument("--scheme", choices=("golmud", "rich"), default="golmud",
                        help="the scoring scheme of the sheets: golmud (default, inputs.md) or rich (scheme.md)")
    parser.add_argument("--mail-from", help="a folder generated before with the same --units/--months/--seed/--start: "
                                            "link its mail/ and copy its sheets instead of generating them")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = Path(args.out)
    try:
        if args.mail_from:
            summary = reuse(Path(args.mail_from), out, args.units, args.months, args.seed, args.start)
        else:
            summary = generate(out, args.units, args.months, args.seed, args.start, args.workers)
    except (ValueError, OSError) as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    if args.scheme == "rich":
        write_rich_scheme(out / "sheets", build_units(args.units, args.seed), month_list(args.start, args.months),
                          args.seed)
        summary["scheme"] = "rich"
        for period in summary["periods"].values():   # the counts stand, the points are the Golmud scheme's
            period["points"] = None
            period["by_unit"] = {unit: [submitted, None] for unit, (submitted, _) in period["by_unit"].items()}
        (out / EXPECTED).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{args.out}: {summary['messages']} messages, {summary['workbooks']} workbooks")
    for period, expected in summary["periods"].items():
        print(f"period {period}: submitted {expected['submitted']}, points {expected['points']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
