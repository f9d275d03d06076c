"""Publishing a period again: the same content changes nothing; a correction keeps the earlier files and what moved."""
from __future__ import annotations

import csv

import pytest

from builders import write_workbook

from govinfo.history import annex_changes
from govinfo.pipeline import publish_step, run_period

pytestmark = pytest.mark.pipeline

HEADER = "unit,submitted,points,verdict\n"


def test_annex_changes_lists_moved_figures_and_verdicts_by_unit():
    old = HEADER + "甲,2,35,不合格\n乙,1,1,合格\n丙,0,0,合格\n"
    new = HEADER + "乙,1,1,合格\n甲,3,36,合格\n丁,1,1,合格\n"  # row order alone is no change
    assert annex_changes(old, new) == [
        {"unit": "丙", "change": "removed", "column": "", "old": "", "new": ""},
        {"unit": "甲", "change": "changed", "column": "submitted", "old": "2", "new": "3"},
        {"unit": "甲", "change": "changed", "column": "points", "old": "35", "new": "36"},
        {"unit": "甲", "change": "changed", "column": "verdict", "old": "不合格", "new": "合格"},
        {"unit": "丁", "change": "added", "column": "", "old": "", "new": ""},
    ]


def test_a_corrected_period_keeps_its_earlier_publication(small_copy):
    paths, small_inputs = small_copy, small_copy.inputs   # 2024-05 run on small inputs (conftest.py)
    period = paths.publish_dir / "2024-05"
    first = (period / "annex.csv").read_text(encoding="utf-8")
    publish_step(paths, "2024-05")
    assert not (period / "history").exists()  # the same publication again keeps no history

    # the office registers an adoption it had missed, and the period is run again
    write_workbook(small_inputs / "sheets" / "correction.xlsx", {"采用登记": [
        ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"],
        ["2024-06-10", "乙局", "乙局简报", "市", "信息", None, None]]})
    run_period(paths, "2024-05", progress=lambda _: None)
    publish_step(paths, "2024-05")
    [kept] = (period / "history").iterdir()
    assert sorted(p.name for p in kept.iterdir()) == ["annex.csv", "annex.xlsx", "changes.csv", "points.csv",
                                                     "rejected.csv", "validation.html"]
    assert (kept / "annex.csv").read_text(encoding="utf-8") == first
    with open(kept / "changes.csv", encoding="utf-8") as handle:
        moved = [(r["unit"], r["change"], r["column"], r["old"], r["new"]) for r in csv.DictReader(handle)]
    assert moved == [("市乙局", "changed", "info_city", "0", "1"), ("市乙局", "changed", "info_city_ytd", "0", "1"),
                     ("市乙局", "changed", "points", "1", "6"), ("市乙局", "changed", "points_ytd", "1", "6")]
