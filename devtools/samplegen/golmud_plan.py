"""The explicit plan of the Golmud sample: per unit and month (January to June 2024), how many
counted submissions and how many adoptions of each level and type. check_plan() proves, before
anything is written, that the plan gives every figure of the annex and, month by month, the
notice's verdicts (with the office's adjustments in 考核调整)."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from .golmud_annex import annex_rows
from .golmud_units import UNITS, Unit

MONTHS = (1, 2, 3, 4, 5, 6)
PERIOD = (5, 6)
EARLIER = (1, 2, 3, 4)
LEVELS = ("省", "州", "市")
KINDS = ("信息", "动态")
COLUMN = {("信息", "省"): "info_province", ("信息", "州"): "info_prefecture", ("信息", "市"): "info_city",
          ("动态", "省"): "brief_province", ("动态", "州"): "brief_prefecture", ("动态", "市"): "brief_city"}
QUOTAS = {"A": (5, 1), "B": (4, 0), "C": (2, 0)}
POINTS = {"报送": 1, ("信息", "省"): 30, ("信息", "州"): 15, ("信息", "市"): 5,
          ("动态", "省"): 15, ("动态", "州"): 5, ("动态", "市"): 3}

# The office's verdicts for 2024-05 that do not follow from the written rules (sheet 考核调整).
ADJUSTMENTS = {
    "市民政局": ("合格", "市政府办公室认定：约稿任务完成较好，本期采用量不作考核"),
    # The notice lists these three among the adoption failures though tier B has no adoption quota.
    "市林业和草原局": ("不合格", "采用量不合格"),
    "市生态环境局": ("不合格", "采用量不合格"),
    "国家税务总局格尔木市税务局": ("不合格", "采用量不合格"),
}
# Period splits the notice's verdicts call for (May, June).
FIXED_PERIOD_SUBMISSIONS = {"市教育局": (3, 2), "格尔木农垦(集团)": (2, 2), "投资控股公司": (1, 0),
                            "市数据局": (4, 4), "国家税务总局格尔木市税务局": (4, 4)}
ADOPTIONS_ALL_IN_JUNE = {"市自然资源局"}   # 3 adoptions in the period, none in May: fails


@dataclass
class UnitPlan:
    unit: Unit
    submissions: dict[int, int] = field(default_factory=dict)               # month -> count
    adoptions: dict[int, Counter] = field(default_factory=dict)             # month -> (kind, level) -> n

    def adopted(self, month: int) -> int:
        return sum(self.adoptions[month].values())


def _split_period(unit: Unit, total: int, rng: random.Random) -> tuple[int, int]:
    if unit.short in FIXED_PERIOD_SUBMISSIONS:
        return FIXED_PERIOD_SUBMISSIONS[unit.short]
    floor = QUOTAS.get(unit.tier, (0, 0))[0]
    options = [may for may in range(total + 1)
               if may >= floor and total - may >= floor and abs(2 * may - total) <= 4]
    return (may := rng.choice(options)), total - may


def _split_earlier(unit: Unit, total: int, rng: random.Random) -> dict[int, int]:
    """January-April, in proportion to working days (February has the Spring Festival), then one
    item moved at random; tier A units keep 5 a month when they wrote 20 or more."""
    weights = {1: 0.95, 2: 0.75, 3: 1.15, 4: 1.15}
    floor = 5 if unit.tier == "A" and total >= 20 else (1 if total >= 4 else 0)
    left = total - 4 * floor
    shares = {m: floor + left * w / sum(weights.values()) for m, w in weights.items()}
    counts = {m: int(share) for m, share in shares.items()}
    for m in sorted(EARLIER, key=lambda m: counts[m] - shares[m])[: total - sum(counts.values())]:
        counts[m] += 1
    donors = [m for m in EARLIER if counts[m] > max(floor, 1)]
    if donors:
        counts[rng.choice(donors)] -= 1
        counts[rng.choice(EARLIER)] += 1
    assert sum(counts.values()) == total and all(c >= floor for c in counts.values())
    return counts


def _spread(keys: list, months: tuple[int, ...], rng: random.Random) -> dict[int, Counter]:
    out = {m: Counter() for m in months}
    rng.shuffle(keys)
    start = rng.randrange(len(months))
    for i, key in enumerate(keys):
        out[months[(start + i) % len(months)]][key] += 1
    return out


def build_plan(seed: int = 20240710) -> dict[str, UnitPlan]:
    rng = random.Random(seed)
    annex = annex_rows()
    plan = {}
    for unit in UNITS:
        row = annex[unit.short]
        up = UnitPlan(unit)
        may, june = _split_period(unit, row["submitted"], rng)
        up.submissions = {**_split_earlier(unit, row["submitted_ytd"] - row["submitted"], rng), 5: may, 6: june}
        period_keys, earlier_keys = [], []
        for key, column in COLUMN.items():
            period_keys += [key] * row[column]
            earlier_keys += [key] * (row[f"{column}_ytd"] - row[column])
        if unit.short in ADOPTIONS_ALL_IN_JUNE:
            up.adoptions = {5: Counter(), 6: Counter(period_keys)}
        else:
            up.adoptions = _spread(period_keys, PERIOD, rng)
        up.adoptions.update(_spread(earlier_keys, EARLIER, rng))
        plan[unit.short] = up
    check_plan(plan)
    return plan


def computed_verdict(up: UnitPlan, months: tuple[int, ...] = PERIOD) -> tuple[str, list[str]]:
    if up.unit.tier not in QUOTAS:
        return "合格", []
    min_sub, min_adopt = QUOTAS[up.unit.tier]
    reasons = []
    if any(up.submissions[m] < min_sub for m in months):
        reasons.append("报送数量不合格")
    if any(up.adopted(m) < min_adopt for m in months):
        reasons.append("采用量不合格")
    return ("不合格" if reasons else "合格"), reasons


def check_plan(plan: dict[str, UnitPlan]) -> None:
    """Raise AssertionError unless the plan gives the annex exactly (figures, points, verdicts)."""
    annex = annex_rows()
    assert set(plan) == set(annex), "plan units differ from the annex units"
    for short, up in plan.items():
        row = annex[short]
        got = {"submitted": sum(up.submissions[m] for m in PERIOD),
               "submitted_ytd": sum(up.submissions[m] for m in MONTHS)}
        for key, column in COLUMN.items():
            got[column] = sum(up.adoptions[m][key] for m in PERIOD)
            got[f"{column}_ytd"] = sum(up.adoptions[m][key] for m in MONTHS)
        for suffix, months in (("", PERIOD), ("_ytd", MONTHS)):
            got[f"points{suffix}"] = sum(up.submissions[m] for m in months) + sum(
                POINTS[key] * up.adoptions[m][key] for m in months for key in COLUMN)
        for column, value in got.items():
            assert value == row[column], f"{short}: {column} planned {value}, annex {row[column]}"
        verdict, reasons = computed_verdict(up)
        if short in ADJUSTMENTS:
            assert verdict != row["verdict"] == ADJUSTMENTS[short][0], f"{short}: adjustment not needed"
        else:
            assert verdict == row["verdict"], f"{short}: computed {verdict} {reasons}, notice {row['verdict']}"
        assert all(n >= 0 for n in up.submissions.values())
    # The notice's lists of failures, by reason.
    reasons = {short: computed_verdict(up)[1] for short, up in plan.items()}
    assert [s for s, r in reasons.items() if "报送数量不合格" in r] == ["市教育局", "投资控股公司"]
    assert sorted(s for s, r in reasons.items() if "采用量不合格" in r) == sorted(
        ["市民政局", "市自然资源局", "市住房和城乡建设局"])
    for short, up in plan.items():
        if up.unit.tier == "A" and up.submissions[1] + up.submissions[2] + up.submissions[3] + up.submissions[4] >= 20:
            assert all(up.submissions[m] >= 5 for m in EARLIER), short
