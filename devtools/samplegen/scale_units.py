"""The units of a province-scale registry: every department of the Golmud sample's city
bureaus, repeated in each of Qinghai's cities and counties (invented county names beyond the
52 real ones), so names, aliases, addresses and headline topics look like the sample's.

Names are unique under the contract's NFKC comparison, and no alias names two units, so a
subject tag 【name】 always resolves to one unit."""
from __future__ import annotations

import random

from .golmud_units import UNITS as GOLMUD_UNITS, Unit

# (full name, short name, abbreviation): the prefectures, then the county-level divisions.
PLACES = (
    ("西宁市", "西宁市", "西宁"), ("海东市", "海东市", "海东"), ("海北藏族自治州", "海北州", "海北"),
    ("黄南藏族自治州", "黄南州", "黄南"), ("海南藏族自治州", "海南州", "海南"), ("果洛藏族自治州", "果洛州", "果洛"),
    ("玉树藏族自治州", "玉树州", "玉树"), ("海西蒙古族藏族自治州", "海西州", "海西"),
    ("城东区", "城东区", "城东"), ("城中区", "城中区", "城中"), ("城西区", "城西区", "城西"), ("城北区", "城北区", "城北"),
    ("湟中区", "湟中区", "湟中"), ("大通回族土族自治县", "大通县", "大通"), ("湟源县", "湟源县", "湟源"),
    ("乐都区", "乐都区", "乐都"), ("平安区", "平安区", "平安"), ("民和回族土族自治县", "民和县", "民和"),
    ("互助土族自治县", "互助县", "互助"), ("化隆回族自治县", "化隆县", "化隆"), ("循化撒拉族自治县", "循化县", "循化"),
    ("门源回族自治县", "门源县", "门源"), ("祁连县", "祁连县", "祁连"), ("海晏县", "海晏县", "海晏"),
    ("刚察县", "刚察县", "刚察"), ("同仁市", "同仁市", "同仁"), ("尖扎县", "尖扎县", "尖扎"), ("泽库县", "泽库县", "泽库"),
    ("河南蒙古族自治县", "河南县", "河南"), ("共和县", "共和县", "共和"), ("同德县", "同德县", "同德"),
    ("贵德县", "贵德县", "贵德"), ("兴海县", "兴海县", "兴海"), ("贵南县", "贵南县", "贵南"), ("玛沁县", "玛沁县", "玛沁"),
    ("班玛县", "班玛县", "班玛"), ("甘德县", "甘德县", "甘德"), ("达日县", "达日县", "达日"), ("久治县", "久治县", "久治"),
    ("玛多县", "玛多县", "玛多"), ("玉树市", "玉树市", "结古"), ("杂多县", "杂多县", "杂多"), ("称多县", "称多县", "称多"),
    ("治多县", "治多县", "治多"), ("囊谦县", "囊谦县", "囊谦"), ("曲麻莱县", "曲麻莱县", "曲麻莱"),
    ("德令哈市", "德令哈市", "德令哈"), ("格尔木市", "格尔木市", "格尔木"), ("茫崖市", "茫崖市", "茫崖"),
    ("乌兰县", "乌兰县", "乌兰"), ("都兰县", "都兰县", "都兰"), ("天峻县", "天峻县", "天峻"),
)
_SYLLABLES = "安宁丰泰和兴源川昌盛华康宝德福瑞青阳庆隆"
TIERS = (("A", 40), ("B", 30), ("C", 15), ("", 15))
DOMAINS = (("163.com", 55), ("126.com", 15), ("qq.com", 25), ("sina.com", 5))
CLIENTS = (("webmail163", 45), ("foxmail", 15), ("outlook", 15), ("thunderbird", 10), ("qqmail", 15))


def _departments() -> list[Unit]:
    """The Golmud city bureaus (表内名称 市xx): the department pattern every place repeats."""
    return [u for u in GOLMUD_UNITS if u.short.startswith("市") and u.full == "格尔木" + u.short]


def _places(count: int) -> list[tuple[str, str, str]]:
    places = list(PLACES)
    seen = {p[2] for p in places}
    for a in _SYLLABLES:
        for b in _SYLLABLES:
            if len(places) >= count:
                return places
            if a != b and a + b not in seen:
                seen.add(a + b)
                places.append((f"{a}{b}县", f"{a}{b}县", a + b))
    if len(places) < count:
        raise ValueError(f"at most {len(places)} places: too many units asked for")
    return places


def _code(dept: Unit) -> str:
    local = dept.emails[0].split("@")[0]
    return local.removeprefix("gem_").removeprefix("gem") or "bgs"


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def build_units(count: int, seed: int) -> list[Unit]:
    """`count` units, deterministic for a seed: unit i is department i mod 27 of place i div 27."""
    rng = random.Random(seed)
    departments = _departments()
    places = _places(-(-count // len(departments)))
    units, taken = [], set()
    for i in range(count):
        dept = departments[i % len(departments)]
        full_place, short_place, abbr = places[i // len(departments)]
        name = dept.short.removeprefix("市")
        short, full = short_place + name, full_place + name
        aliases = []
        for alias in (abbr + name, *(abbr + a.removeprefix("市") for a in dept.aliases)):
            if alias not in taken and alias not in (short, full) and alias not in aliases:
                aliases.append(alias)
        taken.update([short, full, *aliases])
        code = _code(dept)
        emails = [f"{code}{i:04d}@{_pick(rng, DOMAINS)}"]
        if rng.random() < 0.3:
            emails.append(f"{code}{i:04d}_bgs@{_pick(rng, DOMAINS)}")
        units.append(Unit(short, full, tuple(aliases), tuple(emails), _pick(rng, TIERS),
                          (short, aliases[-1]), dept.topics, _pick(rng, CLIENTS)))
    assert all(u.aliases for u in units)
    # no name of one unit is a name of another (a place's short name may equal its full name)
    assert len(taken) == sum(len({u.short, u.full, *u.aliases}) for u in units)
    return units
