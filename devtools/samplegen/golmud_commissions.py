"""The 约稿 of the Golmud sample, so that the notice for 2024-05 states the real one's facts: 42 responses to
the period's commissions, 39 of them adopted, and exactly five units (发改委, 工信局, 交通局, 文旅局, 卫健委)
answering every commission on time with adopted articles.

The commissioned articles of topics 1-7 are mailed with 【约稿N】 tags (golmud_events). Topics 8 and 9 ask
every unit; a unit answers with the signed paper copy of an article it mailed earlier (纸质报送 with 约稿编号,
as the notice asks: 「由各部门、各单位主要负责人审阅签字后报送，纸质报至…」), a repeat that counts once but
is a response at its own date. Nothing here changes a figure of the annex: adoptions keep their unit, month,
level and type, and paper copies are repeats."""
from __future__ import annotations

import datetime as dt

from .golmud_adoptions import Adoption
from .golmud_calendar import next_working_day
from .golmud_events import COMMISSIONED, Events, PaperRow, Submission
from .golmud_titles import title_key
from .golmud_units import UNITS

COMMISSIONS = (
    (1, "一季度经济运行情况及下步工作打算", "各部门、各单位", dt.date(2024, 4, 10)),
    (2, "春耕备耕工作进展情况", "市农牧局", dt.date(2024, 4, 15)),
    (3, "安全生产治本攻坚三年行动开展情况", "市应急管理局", dt.date(2024, 5, 20)),
    (4, "优化营商环境重点举措及成效", "市发展和改革委员会、市市场监督管理局", dt.date(2024, 5, 24)),
    (5, "2024年文旅消费季活动开展情况", "市文体旅游广电局", dt.date(2024, 6, 5)),
    (6, "家庭医生签约服务开展情况", "市卫生健康委员会", dt.date(2024, 6, 12)),
    (7, "全市重点项目建设推进情况", "市发展和改革委员会、市工业信息化和科技局、市交通运输局", dt.date(2024, 6, 20)),
    (8, "上半年重点工作完成情况及亮点成效", "各部门、各单位", dt.date(2024, 6, 14)),
    (9, "服务高质量发展典型经验做法", "各部门、各单位", dt.date(2024, 6, 21)),
    (10, "全市坚持和发展新时代枫桥经验的主要做法及取得成效", "市司法局", dt.date(2024, 7, 16)),
    (11, "全市物流、快递行业发展现状、创新举措、特色亮点", "市工业信息化和科技局", dt.date(2024, 7, 19)),
    (12, "社区精细化为民服务工作亮点及成效", "东城区行政委员会、西城区行政委员会", dt.date(2024, 7, 23)),
    (13, "全市基层警务站运行情况", "市公安局", dt.date(2024, 7, 26)),
    (14, "全市耕地保护工作采取措施及取得成效", "市自然资源局", dt.date(2024, 8, 1)),
    (15, "全市推进政府系统“五个年”工作举措及取得成效", "各部门、各单位", dt.date(2024, 8, 8)),
    (16, "全市枸杞采摘情况、枸杞产量，存在困难问题及建议意见", "市林业和草原局", dt.date(2024, 8, 15)),
    (17, "各部门、各单位今年荣获省级以上荣誉情况", "各部门、各单位", dt.date(2024, 8, 29)),
)
PRAISED = ("市发展和改革委员会", "市工业信息化和科技局", "市交通运输局", "市文体旅游广电局", "市卫生健康委员会")
# answer topic 9 too, but late (so they are not praised); the last one answers with an article never adopted
LATE = ("市市场监督管理局", "市人力资源和社会保障局", "市水利局", "市农牧局", "市数据局", "市公安局", "市财政局")
NOT_ADOPTED = "市司法局"
PERIOD_END = dt.date(2024, 6, 30)
RESPONSES, ADOPTED = 42, 39
ASKED = dt.date(2024, 5, 13)   # the first working day after topics 8 and 9 went out


def _due(number: int) -> dt.date:
    return next(due for n, _t, _u, due in COMMISSIONS if n == number)


def adopt_commissioned(adoptions: list[Adoption], submissions: list[Submission]) -> None:
    """The praised units' mailed answers to topics 5-7 are adopted: a June adoption of another article of
    theirs, dated after the answer, is moved onto it (same unit, month, level and type)."""
    for short, month, number, title, _w, _t in COMMISSIONED:
        if short not in PRAISED or any(a.unit.short == short and a.title == title for a in adoptions):
            continue
        answer = next(s for s in submissions if s.unit.short == short and s.title == title)
        taken = {(a.unit.short, title_key(a.title), a.kind, a.level) for a in adoptions}
        moved = next(a for a in adoptions if a.unit.short == short and a.day.month == month
                     and a.day > answer.when.date() and a.title not in {c[3] for c in COMMISSIONED}
                     and (short, title_key(title), a.kind, a.level) not in taken)
        moved.title, moved.submission = title, answer


def paper_answers(events: Events, submissions: list[Submission], adoptions: list[Adoption]) -> None:
    """Signed paper copies answering topics 8 and 9 (纸质报送 with 约稿编号), dated after the mailed original."""
    adopted = {(a.unit.short, title_key(a.title)) for a in adoptions if a.day <= PERIOD_END}
    commissioned = {(c[0], title_key(c[3])) for c in COMMISSIONED}
    used: set[tuple[str, str]] = set()

    def mailed(short: str, want_adopted: bool, last: dt.date) -> Submission:
        return next(s for s in submissions
                    if s.unit.short == short and not isinstance(s.where, PaperRow)
                    and dt.date(2024, 4, 1) <= s.when.date() < last
                    and ((short, title_key(s.title)) in adopted) == want_adopted
                    and (short, title_key(s.title)) not in commissioned | used)

    def answer(sub: Submission, number: int, day: dt.date, how: str) -> None:
        used.add((sub.unit.short, title_key(sub.title)))
        events.paper.append(PaperRow(sub.unit, day, sub.title, counted=False, commission=number,
                                     cases=[f"signed paper copy answering 约稿{number} ({how}): a repeat, counts once"]))

    answering = [u.short for u in UNITS if any(a.unit.short == u.short and a.day >= dt.date(2024, 5, 1)
                                               for a in adoptions)]
    for short in answering:   # topic 8: every unit with an article adopted in May-June, on time
        sub = mailed(short, True, _due(8))
        answer(sub, 8, max(next_working_day(sub.when.date()), ASKED), "on time, adopted")
    for short in PRAISED:
        sub = mailed(short, True, _due(9))
        answer(sub, 9, max(next_working_day(sub.when.date()), ASKED), "on time, adopted")
    for i, short in enumerate(LATE):
        day = next_working_day(_due(9), 1 + i % 4)
        answer(mailed(short, True, day), 9, day, "late, adopted")
    day = next_working_day(_due(9), 2)
    answer(mailed(NOT_ADOPTED, False, day), 9, day, "late, never adopted")
    check_answers(events, adoptions)


def check_answers(events: Events, adoptions: list[Adoption]) -> None:
    """The period's pairs give the notice's figures (scheme.md 约稿 rules, applied independently here)."""
    adopted = {(a.unit.short, title_key(a.title)) for a in adoptions if a.day <= PERIOD_END}
    answers: dict[tuple[int, str], list[tuple[dt.date, str]]] = {}
    for mail in events.mails:
        for number in (n for n, *_ in COMMISSIONS if mail.subject.startswith(f"【约稿{n}】")):
            answers.setdefault((number, mail.unit.short), []).append((mail.when.date(), mail.docs[0].title))
    for row in events.paper:
        if getattr(row, "commission", None):
            answers.setdefault((row.commission, row.unit.short), []).append((row.day, row.title))
    period = {n: (units, due) for n, _t, units, due in COMMISSIONS if dt.date(2024, 5, 1) <= due <= PERIOD_END}
    pairs = {(n, u.short) for n, (units, _d) in period.items() for u in UNITS
             if units == "各部门、各单位" or u.full.replace("格尔木", "", 1) in units.split("、")}
    answered = {p: answers[p] for p in pairs if p in answers}
    assert len(answered) == RESPONSES, len(answered)
    good = {p for p, got in answered.items() if any((p[1], title_key(t)) in adopted for _d, t in got)}
    assert len(good) == ADOPTED, len(good)
    praised = []
    for unit in UNITS:
        mine = [p for p in pairs if p[1] == unit.short]
        if mine and all(p in answered and min(answered[p])[0] <= period[p[0]][1]
                        and all((unit.short, title_key(t)) in adopted for _d, t in answered[p]) for p in mine):
            praised.append(unit.short)
    assert sorted(praised) == sorted(PRAISED), praised
