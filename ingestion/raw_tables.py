"""The raw schema: every message, attachment and register row as landed, with its lineage."""
from __future__ import annotations

from .sheet_specs import SHEETS

LINEAGE = "source_file VARCHAR NOT NULL"

_FIXED = {
    "source_files": "source_file VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, size BIGINT NOT NULL, "
                    "mtime_ns BIGINT NOT NULL, sha256 VARCHAR NOT NULL",
    "mail_messages": f"{LINEAGE}, sha256 VARCHAR NOT NULL, message_id VARCHAR, from_address VARCHAR, "
                     "from_name VARCHAR, subject VARCHAR, date_header VARCHAR, received_header VARCHAR, "
                     "sent_at TIMESTAMP, time_source VARCHAR, auto_submitted VARCHAR, content_type VARCHAR, "
                     "body_text VARCHAR, defects VARCHAR",
    "mail_attachments": f"{LINEAGE}, message_sha256 VARCHAR NOT NULL, part_index INTEGER NOT NULL, "
                        "filename VARCHAR, content_type VARCHAR, size BIGINT, sha256 VARCHAR",
    "sheets_read": f"{LINEAGE}, sheet VARCHAR NOT NULL, contract_sheet VARCHAR, header_row INTEGER, rows INTEGER",
    "ingest_issues": f"{LINEAGE}, sheet VARCHAR, row_number INTEGER, message_id VARCHAR, "
                     "reason VARCHAR NOT NULL, detail VARCHAR",
}

# Written by the validate step (expectations/), derived whole from the tables above on every run.
VALIDATION_TABLES = {
    "row_rejections": f"{LINEAGE}, sheet VARCHAR, row_number INTEGER, message_id VARCHAR, "
                      "reason VARCHAR NOT NULL, detail VARCHAR, expectation VARCHAR NOT NULL",
    "validation_results": "suite VARCHAR NOT NULL, expectation VARCHAR NOT NULL, severity VARCHAR NOT NULL, "
                          "reason VARCHAR NOT NULL, column_name VARCHAR, checked INTEGER, failed INTEGER, "
                          "success BOOLEAN NOT NULL",
    # the rule tables of the scheme (scheme.md), from its sheets or the defaults; dbt reads them as sources
    "scheme_levels": "code VARCHAR NOT NULL, name VARCHAR NOT NULL, position INTEGER NOT NULL",
    "scheme_kinds": "code VARCHAR NOT NULL, name VARCHAR NOT NULL, position INTEGER NOT NULL",
    "scheme_spellings": "dimension VARCHAR NOT NULL, written_key VARCHAR NOT NULL, code VARCHAR NOT NULL",
    "scheme_settings": "item VARCHAR NOT NULL, value VARCHAR NOT NULL, effective_from DATE",
    "scheme_periods": "period_id VARCHAR NOT NULL, form VARCHAR NOT NULL, period_start DATE NOT NULL, "
                      "period_end DATE NOT NULL",
}


def _sheet_ddl(spec) -> str:
    cols = [LINEAGE, "sheet VARCHAR NOT NULL", "row_number INTEGER NOT NULL", "row_key VARCHAR NOT NULL"]
    for column in spec.columns:
        if column.is_date:
            cols += [f"{column.field} DATE", f"{column.field}_text VARCHAR"]
        else:
            cols.append(f"{column.field} VARCHAR")
    return ", ".join(cols)


TABLES: dict[str, str] = {**_FIXED, **{spec.table: _sheet_ddl(spec) for spec in SHEETS}}
# Tables whose rows belong to one source file and are replaced when that file changes.
PER_FILE_TABLES = [name for name in TABLES if name != "source_files"]


def create_raw_schema(con) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for name, columns in {**TABLES, **VALIDATION_TABLES}.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{name} ({columns})")


def insert_rows(con, table: str, rows: list[dict]) -> None:
    """Insert dicts into raw.<table>, columns matched by name (absent ones stay null)."""
    if rows:
        names = dict.fromkeys(name for row in rows for name in row)
        _insert(con, table, {name: [row.get(name) for row in rows] for name in names})


def insert_columns(con, table: str, columns: dict[str, list]) -> None:
    """Insert columns (name → values, all of one length) into raw.<table>, matched by name."""
    if columns:
        _insert(con, table, columns)


def _insert(con, table: str, columns: dict[str, list]) -> None:
    # each column a NumPy array of the Python values, which DuckDB scans as it scans a DataFrame's (and faster):
    # NumPy takes 0.05 s to import, pandas 0.3 s, which a run with new mail paid before its children were ready
    import numpy as np

    con.register("_landing", {name: np.fromiter(values, dtype=object, count=len(values))
                              for name, values in columns.items()})
    try:
        con.execute(f"INSERT INTO raw.{table} BY NAME SELECT * FROM _landing")
    finally:
        con.unregister("_landing")
