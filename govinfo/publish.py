"""Publishing a built period: annex.csv, annex.xlsx and rejected.csv under <publish>/<period>/."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from expectations import report

from .annex_xlsx import COLUMNS, write_annex_xlsx
from .clerk_files import clerk_csv_text, reason_texts, with_reason_text
from .periods import period_bounds
from .scheme_tables import scheme_settings

REJECTED_COLUMNS = ["disposition", "reason", "detail", "expectation", "source_file", "sheet", "row_number",
                    "message_id", "unit_name", "item_date"]
_LEVELS = (("省级", "province"), ("州级", "prefecture"), ("市级", "city"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def annex_rows(con, period_id: str) -> pd.DataFrame:
    cols = ", ".join(COLUMNS)
    return con.execute(f"SELECT {cols} FROM marts.annex WHERE period_id = ? ORDER BY position",
                       [period_id]).df()


def rejected_rows(con, period_id: str) -> pd.DataFrame:
    """Items of the period not used, and those with no date at all (they belong to no period)."""
    cols = ", ".join(REJECTED_COLUMNS)
    return con.execute(
        f"SELECT {cols} FROM marts.rejected WHERE period_id = ? OR period_id IS NULL "
        "ORDER BY disposition, reason, source_file, sheet, row_number", [period_id]).df()


def xlsx_notes(con, period_id: str) -> list[str]:
    """The notes under the table, written from the rules in force, never from constants."""
    start, end = period_bounds(con, period_id)
    weights = con.execute("SELECT * FROM intermediate.int_points_weights").df().iloc[0]
    keywords, reasons = zip(*con.execute("SELECT keyword, reason FROM rules.exclusion_keywords").fetchall())
    # the kinds of item, as the notice names them: 党建信息、会议信息、培训活动 (from each keyword's reason)
    kinds = "、".join(dict.fromkeys(r.split("不计入")[0] for r in reasons))
    levels = "；".join(f"{zh}采用信息1篇积{int(weights['info_' + en])}分、采用动态1篇积{int(weights['brief_' + en])}分"
                      for zh, en in _LEVELS)
    notes = [
        f"注：1. {kinds}等不计入政务信息范围内（标题含{'、'.join(keywords)}的信息，审核登记另有认定的除外）。",
        f"2. 此次信息报送及采用为{start.month}月{start.day}日—{end.month}月{end.day}日数据。",
        f"3. 积分按照符合报送要求信息1篇积{int(weights['per_submission'])}分；{levels}。",
    ]
    adjusted = con.execute(
        "SELECT unit, adjusted_verdict, adjustment_reason FROM marts.period_verdicts "
        "WHERE period_id = ? AND adjusted_verdict IS NOT NULL ORDER BY unit", [period_id]).fetchall()
    if adjusted and scheme_settings(con, start).get("附注显示考核调整", "是") != "否":
        notes.append("4. 考核调整：" + "；".join(f"{u}{v}（{r or '无原因'}）" for u, v, r in adjusted) + "。")
    return notes


def publish_period(warehouse: Path, out: Path, period_id: str) -> Path:
    """Write the period's files from the warehouse marts into the folder out (a staged folder,
    govinfo/publish_folder.py, swapped in for publish/<period> once everything is written); returns out."""
    from expectations.mart_suites import validate_annex  # Great Expectations: loaded by the steps that check

    out = Path(out)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        start, end = period_bounds(con, period_id)
        annex = annex_rows(con, period_id)
        if annex.empty:
            raise RuntimeError(f"marts.annex has no rows for {period_id}: was the period built?")
        mart_results = pd.DataFrame([vars(r) for r in validate_annex(con, period_id, start, end)])
        rejected = rejected_rows(con, period_id)
        notes = xlsx_notes(con, period_id)
        texts = reason_texts(con)
        page = report.render(
            period_id,
            accounting=con.execute("SELECT input, items_read, used, skipped, rejected FROM marts.input_accounting "
                                   "WHERE period_id = ? ORDER BY input", [period_id]).df(),
            inputs=con.execute("SELECT suite, expectation, column_name, severity, reason, checked, failed, success "
                               "FROM raw.validation_results").df(),
            marts=mart_results,
            not_used=rejected.groupby(["disposition", "reason"]).size().reset_index(name="items"))
    title = f"各部门各单位 {start.year} 年 {start.month}-{end.month} 月份信息报送采用情况统计表"
    # the clerk opens these in Excel: a BOM, and each reason code with its Chinese text
    write_text_atomic(out / "annex.csv", clerk_csv_text(annex))
    write_annex_xlsx(annex, out / "annex.xlsx", title=title, notes=notes)
    write_text_atomic(out / "rejected.csv", clerk_csv_text(with_reason_text(rejected, texts)))
    write_text_atomic(out / "validation.html", page)
    return out
