"""The scheme's rule tables as the publishing code reads them from the warehouse: 考核设置 in force and the
levels and kinds (raw.scheme_settings / raw.scheme_levels / raw.scheme_kinds, written by the validate step)."""
from __future__ import annotations

import datetime as dt


def scheme_settings(con, on: dt.date) -> dict[str, str]:
    """考核设置: for each 项目 the latest row in force on `on` (an empty 生效日期 = from the start)."""
    out: dict[str, tuple[dt.date, str]] = {}
    for item, value, since in con.execute("SELECT item, value, effective_from FROM raw.scheme_settings").fetchall():
        since = since or dt.date.min
        if item and since <= on and (item not in out or since >= out[item][0]):
            out[item] = (since, value or "")
    return {item: value for item, (_since, value) in out.items()}


def scheme_names(con, dimension: str) -> list[tuple[str, str]]:
    """(code, name) of the levels ('level') or kinds ('kind') in force, in their order."""
    table = "scheme_levels" if dimension == "level" else "scheme_kinds"
    return [tuple(r) for r in con.execute(f"SELECT code, name FROM raw.{table} ORDER BY position").fetchall()]
