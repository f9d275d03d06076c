"""The scheme's rule tables as the publishing code reads them from the warehouse: 考核设置 in force and the
levels and kinds (raw.scheme_settings / raw.scheme_levels / raw.scheme_kinds, written by the validate step)."""
from __future__ import annotations

import datetime as dt

# Stand-ins for the rule tables when the warehouse has none (the defaults of scheme.md for an absent sheet).
_DEFAULT_LEVELS = (("province", "省"), ("prefecture", "州"), ("city", "市"))
_DEFAULT_KINDS = (("info", "信息"), ("brief", "动态"))


def _has_table(con, schema: str, table: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                       [schema, table]).fetchone()[0] > 0


def scheme_settings(con, on: dt.date) -> dict[str, str]:
    """考核设置: for each 项目 the latest row in force on `on` (an empty 生效日期 = from the start)."""
    if _has_table(con, "raw", "scheme_settings"):
        sql = "SELECT item, value, effective_from FROM raw.scheme_settings"
    else:
        sql = ("SELECT trim(item), trim(value), effective_from FROM raw.sheet_settings AS s WHERE NOT EXISTS ("
               "SELECT 1 FROM raw.row_rejections r WHERE r.source_file = s.source_file AND r.sheet = s.sheet "
               "AND r.row_number = s.row_number) ORDER BY source_file, row_number")
    out: dict[str, tuple[dt.date, str]] = {}
    for item, value, since in con.execute(sql).fetchall():
        since = since or dt.date.min
        if item and since <= on and (item not in out or since >= out[item][0]):
            out[item] = (since, value or "")
    return {item: value for item, (_since, value) in out.items()}


def scheme_names(con, dimension: str) -> list[tuple[str, str]]:
    """(code, name) of the levels ('level') or kinds ('kind') in force, in their order."""
    table = "scheme_levels" if dimension == "level" else "scheme_kinds"
    if _has_table(con, "raw", table):
        return [tuple(r) for r in con.execute(f"SELECT code, name FROM raw.{table} ORDER BY position").fetchall()]
    return list(_DEFAULT_LEVELS if dimension == "level" else _DEFAULT_KINDS)
