"""The office's scheme (scheme.md) as the rule tables raw.scheme_*: 采用级别, 采用类型, their spellings and
考核设置, read from the validated sheets or, for an absent sheet, from scheme_defaults.toml.

Everything downstream (the input suites' value sets, dbt, the mart suite) reads the levels and kinds from here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ingestion.periods import FORMS
from ingestion.raw_tables import insert_rows
from ingestion.text import clean, split_list

if TYPE_CHECKING:
    import pandas as pd

DEFAULTS = yaml.safe_load(Path(__file__).with_name("scheme_defaults.yml").read_text(encoding="utf-8"))

# 考核设置: the values each 项目 allows (contract, not office data); the notice's text items take any value
SETTING_VALUES: dict[str, tuple[str, ...]] = {
    "考核周期": tuple(FORMS),
    "多级采用计分": ("累加", "取最高"),
    "显示排名": ("是", "否"),
    "排名依据": ("本期积分", "累计积分"),
    "排序": ("合格优先", "排名", "名册"),
    "附注显示考核调整": ("是", "否"),     # the annex's note on 考核调整 (issue 11)
}
TEXT_SETTINGS = ("发文单位", "主送", "联系人", "联系电话", "报送邮箱", "纸质报送地址", "文号")
CODE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")      # 代码 names annex columns
WHOLE_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Category:
    """One 采用级别 or 采用类型."""
    code: str
    name: str          # NFKC key of 级别/类型
    position: int
    spellings: tuple[str, ...]   # NFKC keys it may be written as: the name, then its 别名


@dataclass(frozen=True)
class Scheme:
    levels: tuple[Category, ...]
    kinds: tuple[Category, ...]
    settings: tuple[tuple[str, str, dt.date | None], ...]   # (项目, 值, 生效日期) in force, defaults included

    def spelling(self, dimension: str) -> dict[str, str]:
        """written key → code for 'level' or 'kind'."""
        categories = self.levels if dimension == "level" else self.kinds
        return {s: c.code for c in categories for s in c.spellings}

    def cycles(self) -> list[tuple[dt.date | None, str]]:
        return [(since, value) for item, value, since in self.settings if item == "考核周期"]

    def names(self, dimension: str) -> str:
        """The names as a clerk reads them in a message: 省, 州 or 市."""
        names = [c.name for c in (self.levels if dimension == "level" else self.kinds)]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _position(text: object) -> int | None:
    value = clean(text)
    return int(value) if value and WHOLE_NUMBER.match(value) else None


def _categories(frame: pd.DataFrame | None, sheet: str) -> tuple[Category, ...]:
    """The categories of a present sheet, else the defaults; ordered by 顺序, then by row. Rows the suite
    flags (a bad 代码, a taken 别名) stay in, so that one mistake gives one message: the run stops on it."""
    name_column = "级别" if sheet == "采用级别" else "类型"
    if frame is None or frame.empty:
        rows = [(d[name_column], d["代码"], d.get("别名"), d.get("顺序")) for d in DEFAULTS[sheet]]
    else:
        rows = [(r.name, r.code, r.aliases, r.sort_order) for r in frame.itertuples() if not r.repeat]
    out, taken = [], set()
    for index, (name, code, aliases, order) in enumerate(rows):
        name = clean(name)
        if not name:
            continue
        spellings = tuple(dict.fromkeys(s for s in [name, *(clean(a) for a in split_list(aliases))]
                                        if s and s not in taken))
        taken.update(spellings)
        position = _position(order)
        out.append((position if position is not None else 10**6, index, Category(clean(code) or "", name, 0, spellings)))
    out.sort(key=lambda t: t[:2])
    return tuple(Category(c.code, c.name, i + 1, c.spellings) for i, (_, _, c) in enumerate(out))


def _settings(frame: pd.DataFrame | None) -> tuple[tuple[str, str, dt.date | None], ...]:
    rows = []
    if frame is not None and not frame.empty:
        for r in frame.itertuples():
            item, value = clean(r.item), clean(r.value)
            if r.repeat or not item or r.value_ok is False or not r.item_known:
                continue
            rows.append((item, value or "", r.effective_from))
    undated = {item for item, _, since in rows if since is None}
    defaults = [(item, value, None) for item, value in DEFAULTS["考核设置"].items() if item not in undated]
    return tuple(defaults + rows)


def build_scheme(frames: dict[str, pd.DataFrame]) -> Scheme:
    """The scheme from the prepared frames of sheet_levels, sheet_kinds and sheet_settings."""
    return Scheme(levels=_categories(frames.get("sheet_levels"), "采用级别"),
                  kinds=_categories(frames.get("sheet_kinds"), "采用类型"),
                  settings=_settings(frames.get("sheet_settings")))


SCHEME_TABLES = ("scheme_levels", "scheme_kinds", "scheme_spellings", "scheme_settings")


def write_scheme(con, scheme: Scheme) -> None:
    """Rebuild raw.scheme_levels, _kinds, _spellings and _settings whole (one transaction)."""
    con.execute("BEGIN TRANSACTION")
    for table in SCHEME_TABLES:
        con.execute(f"DELETE FROM raw.{table}")
    for table, categories in (("scheme_levels", scheme.levels), ("scheme_kinds", scheme.kinds)):
        insert_rows(con, table, [{"code": c.code, "name": c.name, "position": c.position} for c in categories])
    insert_rows(con, "scheme_spellings", [{"dimension": d, "written_key": key, "code": code}
                                          for d in ("level", "kind") for key, code in scheme.spelling(d).items()])
    insert_rows(con, "scheme_settings", [{"item": i, "value": v, "effective_from": d} for i, v, d in scheme.settings])
    con.execute("COMMIT")


def read_scheme(con) -> Scheme:
    """The scheme as the rule tables hold it: what the input suites check against, as dbt reads it."""
    spellings: dict[tuple[str, str], list[str]] = {}
    for dimension, key, code in con.execute("SELECT dimension, written_key, code FROM raw.scheme_spellings "
                                            "ORDER BY dimension, code, written_key").fetchall():
        spellings.setdefault((dimension, code), []).append(key)

    def categories(table: str, dimension: str) -> tuple[Category, ...]:
        rows = con.execute(f"SELECT code, name, position FROM raw.{table} ORDER BY position").fetchall()
        return tuple(Category(code, name, position, (name, *sorted(set(spellings.get((dimension, code), [])) - {name})))
                     for code, name, position in rows)

    settings = con.execute("SELECT item, value, effective_from FROM raw.scheme_settings").fetchall()
    return Scheme(categories("scheme_levels", "level"), categories("scheme_kinds", "kind"), tuple(settings))
