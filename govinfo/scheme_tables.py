"""The scheme's rule tables as the publishing code reads them from the warehouse: 考核设置 in force, the
levels and kinds (raw.scheme_levels / raw.scheme_kinds, written by the validate step), and the annex's
grouped header derived from them and the annex's columns."""
from __future__ import annotations

import datetime as dt

# Stand-ins for the rule tables when the warehouse has none (the defaults of scheme.md for an absent sheet).
_DEFAULT_LEVELS = (("province", "省"), ("prefecture", "州"), ("city", "市"))
_DEFAULT_KINDS = (("info", "信息"), ("brief", "动态"))
# columns shown as one cell spanning the three header rows, and pairs (this period, year to date)
_SINGLE = {"unit": "单位", "group": "类别", "rank": "排名", "verdict": "是否合格"}
_PAIRS = {"submitted": ("信息报送情况", "报送"), "endorsed": ("批示", "批示"), "bonus": ("加减分", "加减分"),
          "points": ("积分", "积分")}


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


def annex_header(con, columns: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The annex's grouped header as cells (text, first_row, first_col, last_row, last_col), rows 0-2."""
    levels = dict(scheme_names(con, "level"))
    kinds = dict(scheme_names(con, "kind"))
    cells = []
    by_kind: dict[str, list[int]] = {}
    for col, name in enumerate(columns):
        if name in _SINGLE:
            cells.append((_SINGLE[name], 0, col, 2, col))
        elif name in _PAIRS:
            group, leaf = _PAIRS[name]
            cells += [(group, 0, col, 1, col + 1), (f"本月{leaf}", 2, col, 2, col)]
        elif name.endswith("_ytd") and name[:-4] in _PAIRS:
            cells.append((f"累计{_PAIRS[name[:-4]][1]}", 2, col, 2, col))
        elif not name.endswith("_ytd") and "_" in name:
            kind, level = name.split("_", 1)
            by_kind.setdefault(kind, []).append(col)
            cells += [(levels.get(level, level), 1, col, 1, col + 1), ("本月采用", 2, col, 2, col)]
        elif name.endswith("_ytd"):
            cells.append(("累计采用", 2, col, 2, col))
        else:
            cells.append((name, 0, col, 2, col))
    for kind, cols in by_kind.items():
        cells.append((f"{kinds.get(kind, kind)}采用情况", 0, min(cols), 0, max(cols) + 1))
    return sorted(cells, key=lambda c: (c[1], c[2]))
