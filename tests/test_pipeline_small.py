"""The whole pipeline (ingest → dbt → publish) on a small set of real .eml files and .xlsx registers."""
from __future__ import annotations

import csv

import duckdb

import pytest

pytestmark = pytest.mark.pipeline


def _annex(publish_dir, period):
    with open(publish_dir / period / "annex.csv", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_small_inputs_are_counted_by_the_contract(small_build):
    paths, lines = small_build   # 2024-05 run once for the session on small inputs (conftest.py); only read here
    rows = _annex(paths.publish_dir, "2024-05")
    assert [r["unit"] for r in rows] == ["市乙局", "市甲局"]
    yi, jia = rows
    # 甲局: two documents counted (the 党建 one is excluded, the .jpg is no document), 省 信息 + 市 动态 adopted
    assert (jia["submitted"], jia["info_province"], jia["brief_city"], jia["points"]) == ("2", "1", "1", "35")
    # tier A needs 5 submissions a month: 1 in May, 1 in June
    assert jia["verdict"] == "不合格"
    # 乙局 resolved by the 【乙局】 subject tag, a body-only submission; no tier, no quota
    assert (yi["submitted"], yi["points"], yi["verdict"]) == ("1", "1", "合格")
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        reasons = dict(con.execute("SELECT reason, count(*) FROM marts.rejected GROUP BY reason").fetchall())
        verdict = con.execute("SELECT computed_reasons FROM marts.period_verdicts WHERE unit = '市甲局'").fetchone()
    assert reasons == {"unknown_sender": 1, "unknown_unit": 1}
    assert verdict == ("报送数量不合格",)
    assert any("units: 合格 1, 不合格 1" in line for line in lines)
