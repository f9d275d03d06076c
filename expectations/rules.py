"""The value sets the input suites check against, read from the registers and the scheme (raw.scheme_*)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ingestion.periods import Calendar
from ingestion.text import clean, split_list

from .scheme import DEFAULTS, Scheme

@dataclass(frozen=True)
class Rules:
    unit_names: frozenset[str]   # keys of every 单位名称, 表内名称 and 别名
    tiers: frozenset[str]        # tiers 考核标准 defines
    scheme: Scheme
    calendar: Calendar
    # (采用类型 code, 采用级别 code) → 生效日期 of each 积分标准 row without 刊物 pricing that pair (None = always)
    priced_pairs: dict[tuple[str, str], list[dt.date | None]]

    @property
    def levels(self) -> frozenset[str]:
        """采用级别 as it may be written (NFKC keys)."""
        return frozenset(self.scheme.spelling("level"))

    @property
    def types(self) -> frozenset[str]:
        return frozenset(self.scheme.spelling("kind"))

    def texts(self) -> dict[str, str]:
        """The scheme's names for the suites' messages."""
        def listed(categories):
            names = [f"{c.name} ({'/'.join(c.spellings[1:])})" if len(c.spellings) > 1 else c.name
                     for c in categories]
            return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        return {"level_names": listed(self.scheme.levels), "kind_names": listed(self.scheme.kinds)}

    def has_points(self, kind: str | None, level: str | None, day: dt.date | None) -> bool | None:
        """Whether 积分标准 prices the pair on that day; None when the pair is not one of the scheme."""
        if kind is None or level is None:
            return None
        return any(since is None or day is None or since <= day for since in self.priced_pairs.get((kind, level), []))


def unit_names(units: pd.DataFrame) -> frozenset[str]:
    """Names that resolve to exactly one unit: a unit's own 单位名称, then 表内名称, then 别名 (as int_unit_names)."""
    claims: dict[str, dict[int, set]] = {}
    kept = units[~units["later_copy"]] if not units.empty else units
    for row in kept.itertuples():  # rows the 单位名册 suite rejects name nobody
        unit = clean(row.unit_name)
        if not unit:
            continue
        named = [(unit, 1), (clean(row.short_name), 2)] + [(clean(a), 3) for a in split_list(row.aliases)]
        for name, priority in named:
            if name:
                claims.setdefault(name, {}).setdefault(priority, set()).add(unit)
    return frozenset(name for name, by_priority in claims.items() if len(by_priority[min(by_priority)]) == 1)


def _priced_pairs(points: pd.DataFrame, scheme: Scheme) -> dict[tuple[str, str], list[dt.date | None]]:
    kinds, levels = scheme.spelling("kind"), scheme.spelling("level")
    out: dict[tuple[str, str], list] = {}
    for row in points.itertuples():
        kind, level = kinds.get(clean(row.item)), levels.get(clean(row.level))
        if kind and level and not clean(row.publication):
            out.setdefault((kind, level), []).append(row.effective_from)
    return out


def load_rules(frames: dict[str, pd.DataFrame], scheme: Scheme) -> Rules:
    """frames as the input suites prepared them (by raw table)."""
    units, quotas = frames["sheet_units"], frames["sheet_quotas"]
    return Rules(
        unit_names=unit_names(units),
        tiers=frozenset(t.upper() for t in (clean(v) for v in quotas["tier"]) if t),
        scheme=scheme,
        calendar=Calendar(scheme.cycles(), DEFAULTS["考核设置"]["考核周期"]),
        priced_pairs=_priced_pairs(frames["sheet_points"], scheme),
    )
