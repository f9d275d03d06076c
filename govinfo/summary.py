"""The short account a run prints: what was read, counted, rejected, and the verdicts."""
from __future__ import annotations

from pathlib import Path

import duckdb

from .periods import period_bounds


def period_summary(warehouse: Path, period_id: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        start, end = period_bounds(con, period_id)
        files = con.execute("SELECT kind, count(*) FROM raw.source_files GROUP BY kind ORDER BY kind").fetchall()
        messages = con.execute(
            "SELECT coalesce(reason, 'used'), count(*) FROM intermediate.int_input_items WHERE input = 'messages' "
            "AND (period_id = ? OR period_id IS NULL) GROUP BY ALL ORDER BY 1", [period_id]).fetchall()
        submissions = con.execute(
            "SELECT status, count(*) FROM intermediate.int_submissions WHERE submitted_on BETWEEN ? AND ? "
            "GROUP BY status ORDER BY status", [start, end]).fetchall()
        adoptions = con.execute(
            "SELECT status, count(*) FROM intermediate.int_adoptions WHERE adopted_on BETWEEN ? AND ? "
            "GROUP BY status ORDER BY status", [start, end]).fetchall()
        rejected = con.execute(
            "SELECT disposition, reason, count(*) FROM marts.rejected WHERE period_id = ? OR period_id IS NULL "
            "GROUP BY ALL ORDER BY 1, 2", [period_id]).fetchall()
        accounting = con.execute(
            "SELECT input, items_read, used, skipped, rejected FROM marts.input_accounting WHERE period_id = ? "
            "ORDER BY input", [period_id]).fetchall()
        verdicts = dict(con.execute(
            "SELECT verdict, count(*) FROM marts.annex WHERE period_id = ? GROUP BY verdict", [period_id]).fetchall())

    def join(pairs):
        return ", ".join(f"{k} {v}" for k, v in pairs) or "none"

    return [
        f"period {period_id} ({start} – {end})",
        f"input files: {join(files)}",
        f"messages of the period (and undated): {sum(v for _, v in messages)} — {join(messages)}",
        f"submissions dated in the period: {join(submissions)}",
        f"adoption rows dated in the period: {join(adoptions)}",
        *(f"{name}: {read} read = {used} used + {skipped} skipped + {rejected} rejected"
          for name, read, used, skipped, rejected in accounting),
        "not used: " + (", ".join(f"{r} {n} ({d})" for d, r, n in rejected) or "none"),
        f"units: 合格 {verdicts.get('合格', 0)}, 不合格 {verdicts.get('不合格', 0)}",
    ]


def validation_lines(warehouse: Path) -> list[str]:
    """Each row or file the validate step (or ingestion) could not use, one line a clerk can act on."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT source_file, sheet, row_number, reason, detail FROM raw.row_rejections "
            "UNION ALL SELECT source_file, sheet, row_number, reason, detail FROM raw.ingest_issues "
            "ORDER BY source_file, sheet, row_number").fetchall()
    return [" / ".join(p for p in (file, sheet and f"sheet {sheet}", row and f"row {row}") if p)
            + f": {reason} — {detail}" for file, sheet, row, reason, detail in rows]
