"""The example scheme workbooks under samples/ (one per 考核周期) run through the pipeline: each year has the
periods of its 考核周期, with their bounds, and the period holding June counts what was sent in it."""
from __future__ import annotations

import csv
import json
import shutil

import duckdb
import pytest
from openpyxl import load_workbook

from devtools.samplegen.schemes import CYCLES, generate_one
from govinfo.config import Paths
from govinfo.pipeline import run_period
from ingestion.bundled import SAMPLE_INPUTS

SAMPLES = SAMPLE_INPUTS.parent
JUNE_PERIOD = {"monthly": "2024-06", "bimonthly": "2024-05", "quarterly": "2024-Q2", "halfyearly": "2024-H1",
               "yearly": "2024"}


def _content(path):
    """A file's bytes; a workbook's cell values (its XML bytes depend on whether openpyxl finds lxml)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    book = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def test_the_samples_are_what_their_seeded_script_writes(tmp_path):
    for name, cycle in CYCLES.items():
        generate_one(tmp_path / name, cycle, 2024)
        written = sorted(p.relative_to(tmp_path / name) for p in (tmp_path / name).rglob("*") if p.is_file())
        bundled = SAMPLES / f"scheme-{name}"
        assert written == sorted(p.relative_to(bundled) for p in bundled.rglob("*") if p.is_file()), name
        assert [p for p in written if _content(tmp_path / name / p) != _content(bundled / p)] == [], name


@pytest.mark.pipeline
@pytest.mark.parametrize("name", list(CYCLES))
def test_each_sample_publishes_the_periods_of_its_cycle(tmp_path, name):
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLES / f"scheme-{name}", inputs)
    expected = json.loads((inputs / "expected.json").read_text(encoding="utf-8"))
    period_id = JUNE_PERIOD[name]
    paths = Paths.resolve(inputs, tmp_path / "wh" / "g.duckdb", tmp_path / "pub")
    run_period(paths, period_id, progress=lambda _: None)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        periods = con.execute("SELECT period_id, form, CAST(period_start AS VARCHAR), "
                              "CAST(period_end - INTERVAL 1 DAY AS DATE)::VARCHAR FROM raw.scheme_periods "
                              "WHERE year(period_start) = 2024 ORDER BY period_start").fetchall()
        built = con.execute("SELECT CAST(first_day AS VARCHAR), CAST(last_day AS VARCHAR) FROM marts.periods "
                            "WHERE period_id = ?", [period_id]).fetchone()
    assert periods == [(p, expected["考核周期"], v["first_day"], v["last_day"]) for p, v in expected["periods"].items()]
    assert built == (expected["periods"][period_id]["first_day"], expected["periods"][period_id]["last_day"])
    with open(paths.publish_dir / period_id / "annex.csv", encoding="utf-8-sig") as handle:
        submitted = {row["unit"]: int(row["submitted"]) for row in csv.DictReader(handle)}
    assert submitted == expected["periods"][period_id]["submitted"]
