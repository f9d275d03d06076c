"""Publishing a built period: annex.csv, points.csv, rejected.csv and validation.html under <publish>/<period>/
(govinfo/period_documents.py makes the rest)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from expectations import report
from ingestion.limits import bound_memory

from .annex_xlsx import AnnexColumn
from .cells import csv_text
from .clerk_files import clerk_csv_text, reason_texts, with_reason_text
from .periods import period_bounds
from .scheme_tables import scheme_settings

REJECTED_COLUMNS = ["disposition", "reason", "detail", "expectation", "source_file", "sheet", "row_number",
                    "message_id", "unit_name", "item_date"]
POINTS_COLUMNS = ["unit", "group", "item", "level", "publication", "count", "count_ytd", "points", "points_ytd"]


class PublishError(RuntimeError):
    """The built period cannot be published."""


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


def points_text(value) -> str:
    """Points as printed: at most two decimals, no trailing zeros (12.5, 13, -0.5)."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def annex_columns(con, period_id: str) -> list[AnnexColumn]:
    """The period's printed columns and their headers (marts.annex_columns, from the scheme in force)."""
    return [AnnexColumn(*row) for row in con.execute(
        "SELECT column_name, header_top, header_middle, header_leaf, is_points, is_total FROM marts.annex_columns "
        "WHERE period_id = ? ORDER BY position", [period_id]).fetchall()]


def annex_rows(con, period_id: str, columns: list[AnnexColumn]) -> pd.DataFrame:
    """The annex in print order, the printed columns only (group is marts.annex's unit_group)."""
    cols = ", ".join("unit_group AS \"group\"" if c.name == "group" else f'"{c.name}"' for c in columns)
    return con.execute(f"SELECT {cols} FROM marts.annex WHERE period_id = ? ORDER BY position",
                       [period_id]).df()


def annex_csv_frame(annex: pd.DataFrame, columns: list[AnnexColumn]) -> pd.DataFrame:
    out = annex.copy()
    for column in columns:
        if column.is_points:
            out[column.name] = [points_text(v) for v in out[column.name]]
    return out


def points_rows(con, period_id: str, with_group: bool) -> pd.DataFrame:
    """points.csv: per unit (annex order) and component of the scheme, count and points of the period and year."""
    frame = con.execute(
        "SELECT f.unit, f.unit_group AS \"group\", f.item, f.level, f.publication, f.count, f.count_ytd, "
        "f.points, f.points_ytd FROM marts.annex_figures AS f "
        "JOIN marts.annex AS a ON a.period_id = f.period_id AND a.unit_name = f.unit_name "
        "WHERE f.period_id = ? ORDER BY a.position, f.component_order", [period_id]).df()
    for column in ("points", "points_ytd"):
        frame[column] = [points_text(v) for v in frame[column]]
    return frame[[c for c in POINTS_COLUMNS if with_group or c != "group"]]


def rejected_rows(con, period_id: str) -> pd.DataFrame:
    """Items of the period not used, and those with no date at all (they belong to no period)."""
    cols = ", ".join(REJECTED_COLUMNS)
    return con.execute(
        f"SELECT {cols} FROM marts.rejected WHERE period_id = ? OR period_id IS NULL "
        "ORDER BY disposition, reason, source_file, sheet, row_number", [period_id]).df()


def _level_label(level: str) -> str:
    return level if level.endswith("级") else f"{level}级"


def _scoring_note(con, day) -> str:
    """Note 3: the 积分标准 rows in force on the day, in the scheme's order, each with its 上限."""
    rows = con.execute(
        "SELECT c.component, c.item, c.level, r.publication_key, r.points, r.cap "
        "FROM intermediate.int_point_rules AS r JOIN intermediate.int_scheme_components AS c "
        "  ON c.component = r.component AND c.kind_code IS NOT DISTINCT FROM r.kind_code "
        " AND c.level_code IS NOT DISTINCT FROM r.level_code AND c.publication_key IS NOT DISTINCT FROM r.publication_key "
        "WHERE (r.effective_from IS NULL OR r.effective_from <= ?) AND (r.effective_until IS NULL OR ? < r.effective_until) "
        "ORDER BY c.component_order", [day, day]).fetchall()

    def cap(value) -> str:
        return "" if value is None else f"（每年最多积{points_text(value)}分）"

    submission, by_level, others = "", {}, []
    for component, item, level, publication, points, limit in rows:
        earns = f"1篇积{points_text(points)}分{cap(limit)}"
        if component == "submission":
            submission = f"积分按照符合报送要求信息{earns}"
        elif component == "adoption" and publication is None:
            by_level.setdefault(level, []).append(f"采用{item}{earns}")
        elif component == "adoption":
            others.append(f"{publication}{_level_label(level) if level else ''}采用{item}{earns}")
        elif component == "endorsement":
            others.append(f"{_level_label(level)}领导批示1次积{points_text(points)}分{cap(limit)}")
        elif component == "quota_met":
            others.append(f"每月达到考核标准积{points_text(points)}分{cap(limit)}")
        else:
            others.append(f"{item}1项积{points_text(points)}分{cap(limit)}")
    parts = [submission] + [_level_label(level) + "、".join(kinds) for level, kinds in by_level.items()] + others
    return "3. " + "；".join(p for p in parts if p) + "。"


def xlsx_notes(con, period_id: str) -> list[str]:
    """The notes under the table, written from the rules in force, never from constants."""
    start, end = period_bounds(con, period_id)
    keywords, reasons = zip(*con.execute("SELECT keyword, reason FROM rules.exclusion_keywords").fetchall())
    # the kinds of item, as the notice names them: 党建信息、会议信息、培训活动 (from each keyword's reason)
    kinds = "、".join(dict.fromkeys(r.split("不计入")[0] for r in reasons))
    notes = [
        f"注：1. {kinds}等不计入政务信息范围内（标题含{'、'.join(keywords)}的信息，审核登记另有认定的除外）。",
        f"2. 此次信息报送及采用为{start.month}月{start.day}日—{end.month}月{end.day}日数据。",
        _scoring_note(con, start),
    ]
    adjusted = con.execute(
        "SELECT unit, adjusted_verdict, adjustment_reason FROM marts.period_verdicts "
        "WHERE period_id = ? AND adjusted_verdict IS NOT NULL ORDER BY unit", [period_id]).fetchall()
    if adjusted and scheme_settings(con, start).get("附注显示考核调整", "是") != "否":
        notes.append("4. 考核调整：" + "；".join(f"{u}{v}（{r or '无原因'}）" for u, v, r in adjusted) + "。")
    return notes


def publish_period(warehouse: Path, out: Path, period_id: str, suite_kept: Path | None = None) -> Path:
    """Write the period's files from the warehouse marts into the folder out (a staged folder,
    govinfo/publish_folder.py, swapped in for publish/<period> once everything is written); returns out.
    suite_kept: where the annex suite's last passing outcomes are kept (expectations/mart_suites.py)."""
    from expectations.mart_suites import validate_annex  # Great Expectations: loaded by the steps that check

    out = Path(out)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        bound_memory(con)
        start, end = period_bounds(con, period_id)
        columns = annex_columns(con, period_id)
        annex = annex_rows(con, period_id, columns)
        if annex.empty:
            raise PublishError(f"marts.annex has no rows for period {period_id}, so there is nothing to publish: "
                               f"run the whole period (govinfo run --period {period_id})")
        mart_results = pd.DataFrame([vars(r) for r in validate_annex(con, period_id, start, end, suite_kept)])
        rejected = rejected_rows(con, period_id)
        reasons = reason_texts(con)
        points = points_rows(con, period_id, with_group=any(c.name == "group" for c in columns))
        page = report.render(
            period_id,
            accounting=con.execute("SELECT input, items_read, used, skipped, rejected FROM marts.input_accounting "
                                   "WHERE period_id = ? ORDER BY input", [period_id]).df(),
            inputs=con.execute("SELECT suite, expectation, column_name, severity, reason, checked, failed, success "
                               "FROM raw.validation_results").df(),
            marts=mart_results,
            not_used=rejected.groupby(["disposition", "reason"]).size().reset_index(name="items"))
    # the clerk opens these in Excel: a BOM, and each reason code with its Chinese text beside it
    texts = {"annex.csv": clerk_csv_text(annex_csv_frame(annex, columns)), "points.csv": csv_text(points),
             "rejected.csv": clerk_csv_text(with_reason_text(rejected, reasons))}
    write_text_atomic(out / "annex.csv", texts["annex.csv"])
    write_text_atomic(out / "points.csv", texts["points.csv"])
    write_text_atomic(out / "rejected.csv", texts["rejected.csv"])
    write_text_atomic(out / "validation.html", page)
    return out
