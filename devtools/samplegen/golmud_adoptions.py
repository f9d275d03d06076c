"""The adoptions of the Golmud sample: each planned adoption becomes a row of 采用登记 naming a
counted submission the unit made before the adoption day, adopted on a working day of the
planned month. No (unit, title, level, type) is adopted twice, so no two genuine rows repeat."""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from .golmud_calendar import working_days
from .golmud_events import Submission
from .golmud_plan import MONTHS, UnitPlan
from .golmud_titles import title_key
from .golmud_units import Unit

PUBLICATIONS = {("信息", "省"): ("青海政务信息", 7), ("信息", "州"): ("海西政务信息", 5),
                ("信息", "市"): ("格尔木政务信息", 3), ("动态", "省"): ("青海政务动态", 4),
                ("动态", "州"): ("海西政务动态", 3), ("动态", "市"): ("格尔木政务动态", 2)}


@dataclass
class Adoption:
    day: dt.date
    unit: Unit
    title: str
    kind: str      # 信息 / 动态
    level: str     # 省 / 州 / 市
    submission: Submission | None = None

    @property
    def publication(self) -> str:
        return PUBLICATIONS[(self.kind, self.level)][0]

    @property
    def issue(self) -> str:
        every = PUBLICATIONS[(self.kind, self.level)][1]
        return f"第{(self.day - dt.date(self.day.year, 1, 1)).days // every + 1}期"


def assign_adoptions(plan: dict[str, UnitPlan], submissions: list[Submission], seed: int) -> list[Adoption]:
    rng = random.Random(seed)
    by_unit: dict[str, list[Submission]] = defaultdict(list)
    for sub in submissions:
        by_unit[sub.unit.short].append(sub)
    used: set[tuple] = set()
    times_adopted: Counter = Counter()
    out = []
    for short, up in plan.items():
        for month in MONTHS:
            days = working_days(2024, month)
            start = dt.datetime(2024, month, 1)
            keys = sorted(up.adoptions[month].elements())
            rng.shuffle(keys)
            for kind, level in keys:
                candidates = [s for s in by_unit[short] if s.when.date() < days[-1]
                              and (short, title_key(s.title), kind, level) not in used]
                if not candidates:
                    raise AssertionError(f"{short}: nothing to adopt in month {month}")
                recent = [s for s in candidates if s.when >= start - dt.timedelta(days=40)] or candidates
                rng.shuffle(recent)
                sub = min(recent, key=lambda s: times_adopted[(short, title_key(s.title))])
                later = [d for d in days if d > sub.when.date()]
                soon = [d for d in later if d <= sub.when.date() + dt.timedelta(days=25)] or later
                used.add((short, title_key(sub.title), kind, level))
                times_adopted[(short, title_key(sub.title))] += 1
                out.append(Adoption(rng.choice(soon), up.unit, sub.title, kind, level, sub))
    return sorted(out, key=lambda a: (a.day, a.unit.short, a.title, a.kind, a.level))
