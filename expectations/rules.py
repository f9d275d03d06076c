"""The value sets the input suites check against, read from the registers and the dbt seeds."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ingestion.bundled import SEEDS
from ingestion.text import clean, split_list


@dataclass(frozen=True)
class Rules:
    unit_names: frozenset[str]   # keys of every 单位名称, 表内名称 and 别名
    tiers: frozenset[str]        # tiers 考核标准 defines
    levels: frozenset[str]       # 采用级别 as it may be written
    types: frozenset[str]        # 采用类型 as it may be written


def seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)


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


def load_rules(units: pd.DataFrame, quotas: pd.DataFrame) -> Rules:
    """units and quotas as the input suites prepared them."""
    return Rules(
        unit_names=unit_names(units),
        tiers=frozenset(t.upper() for t in (clean(v) for v in quotas["tier"]) if t),
        levels=frozenset(seed("adoption_levels")["written"]),
        types=frozenset(seed("adoption_types")["written"]),
    )
