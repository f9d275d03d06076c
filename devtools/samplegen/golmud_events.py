"""From the plan to dated events: every counted submission of the Golmud sample becomes a
document in a message, a body-only message or a paper row, on a working day of its month.

The special items are listed here (commissioned articles, paper-only items, body-only
messages, fixed file types); golmud_cases.py then adds the awkward messages that must not
change any figure."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from .golmud_calendar import office_time, working_days
from .golmud_plan import MONTHS, UnitPlan
from .golmud_titles import TitleMaker, has_exclusion_word
from .golmud_units import BY_SHORT, Unit

YEAR = 2024


@dataclass
class Doc:
    title: str                        # as the file name carries it (no extension, no leading tags)
    ext: str = ".docx"
    tags: tuple[str, ...] = ()        # leading 【...】 tags of the file name
    counted: bool = True
    content_type: str | None = None   # e.g. application/octet-stream instead of the usual type
    text_encoding: str = "utf-8"      # .txt files

    @property
    def filename(self) -> str:
        return "".join(f"【{t}】" for t in self.tags) + self.title + self.ext


@dataclass
class Mail:
    kind: str                         # documents, body_only, image_body, empty, auto_reply, report, stranger
    unit: Unit | None
    when: dt.datetime                 # Asia/Shanghai wall clock
    docs: list[Doc] = field(default_factory=list)
    title: str | None = None          # body_only / image_body: the submission's title
    subject: str = ""
    sender: str = ""
    sender_name: str | None = None
    client: str = ""                  # set from the sender address (client_for) unless given
    images: int = 0
    html: str | None = None           # body layout override: no, alternative, only
    date_style: str = "local"         # local (+0800), utc, none (Received headers only)
    header_style: str | None = None   # override: gbk-q, raw-utf8
    name_style: str | None = None     # override of the file-name encoding: rfc2231-gbk, gb18030-q
    body: str | None = None           # override of the usual covering note
    extra_headers: list[tuple[str, str]] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    window: tuple[int, int] | None = None
    refers: "Mail | None" = None      # the earlier message a repeat or correction goes back to
    file: str = ""                    # mail/YYYY-MM/NNNN.eml, set when numbered


@dataclass
class PaperRow:
    unit: Unit
    day: dt.date
    title: str
    counted: bool = True
    cases: list[str] = field(default_factory=list)
    commission: int | None = None      # 约稿编号: the 约稿 this signed copy answers


@dataclass
class Submission:
    """One counted submission: what adoptions may refer to."""
    unit: Unit
    when: dt.datetime
    title: str
    where: object                      # the Mail or PaperRow that carries it


# Commissioned articles (约稿): unit, month, topic number, title, days of the month allowed,
# whether the file name repeats the unit tag.
COMMISSIONED = (
    ("市统计局", 4, 1, "市统计局：一季度全市经济运行总体平稳、稳中有进", (1, 10), True),
    ("市发展和改革委员会", 4, 1, "一季度全市经济运行情况分析", (1, 10), False),
    ("市农牧局", 4, 2, "市农牧局多措并举推进春耕备耕工作", (1, 15), True),
    ("市应急管理局", 5, 3, "市应急管理局扎实推进安全生产治本攻坚三年行动", (6, 20), False),
    ("市发展和改革委员会", 5, 4, "市发改委持续优化营商环境激发经营主体活力", (6, 24), True),
    ("市市场监督管理局", 5, 4, "市市场监管局以“放管服”改革助力营商环境持续优化", (6, 24), False),
    ("市文体旅游广电局", 6, 5, "格尔木市2024年文旅消费季系列活动精彩纷呈", (1, 5), True),
    ("市卫生健康委员会", 6, 6, "市卫健委家庭医生签约服务让群众看病更便捷", (1, 12), False),
    ("市发展和改革委员会", 6, 7, "全市重点项目建设推进情况", (1, 20), False),
    ("市工业信息化和科技局", 6, 7, "全市重点项目建设推进情况", (1, 20), False),
    ("市交通运输局", 6, 7, "交通运输领域重点项目建设推进情况", (1, 20), True),
)
# A title with an exclusion word that 审核登记 marks 是: counted, part of the annex figure.
REVIEWED_IN = ("市应急管理局", 6, "市应急管理局召开防汛抗旱工作会议全面部署汛期安全防范工作")
PAPER = (("市人民法院", 5), ("市人民法院", 5), ("市人民检察院", 6), ("市人民检察院", 6), ("察尔汗行委", 5),
         ("市审计局", 3), ("市审计局", 6), ("投资控股公司", 5), ("格尔木农垦(集团)", 6),
         ("市民族宗教事务局", 4), ("市退役军人事务局", 2), ("市退役军人事务局", 6), ("东城区行委", 1),
         ("市教育局", 5), ("国家税务总局格尔木市税务局", 6))
BODY_ONLY = (("市人民检察院", 5, "alternative"), ("察尔汗行委", 6, "no"), ("市审计局", 4, "no"),
             ("市退役军人事务局", 5, "alternative"), ("西城区行委", 6, "no"), ("市统计局", 6, "only"),
             ("市司法局", 2, "no"))
IMAGE_BODY = (("市城市管理局", 6),)
# The first generated document of these unit-months gets this file type (and text encoding).
FIXED_TYPES = (("察尔汗行委", 5, ".txt", "gbk"), ("市人民检察院", 3, ".txt", "utf-8"),
               ("市退役军人事务局", 4, ".txt", "gb18030"), ("市数据局", 5, ".odt", ""),
               ("市人民法院", 6, ".Docx", ""), ("市自然资源局", 5, ".PDF", ""))
# A document that must be a message of its own within these days (a case builds on it).
WINDOWS = (("市民政局", 4, (25, 29), "original-before-may"),)


def random_ext(rng: random.Random) -> str:
    r = rng.random()
    return ".doc" if r < 0.04 else ".wps" if r < 0.06 else ".pdf" if r < 0.08 else ".DOCX" if r < 0.10 else ".docx"


def random_tags(unit: Unit, month: int, rng: random.Random) -> tuple[str, ...]:
    if rng.random() >= 0.06:
        return ()
    return (rng.choice([unit.short, "政务信息", f"{month}月信息"]),)


def pick_sender(unit: Unit, rng: random.Random) -> str:
    return unit.emails[1] if len(unit.emails) > 1 and rng.random() < 0.3 else unit.emails[0]


def client_for(address: str, unit: Unit | None) -> str:
    domain = address.rsplit("@", 1)[-1].lower()
    if domain == "qq.com":
        return "qqmail"
    return unit.client if unit else ("foxmail" if domain == "126.com" else "webmail163")


def document_subject(unit: Unit, docs: list[Doc], day: dt.date, rng: random.Random) -> str:
    if len(docs) == 1:
        title = docs[0].title
        return rng.choices([title, f"【{unit.short}】{title}", f"{unit.short}政务信息",
                            f"{unit.short}{day.month}月{day.day}日信息报送", f"报送信息：《{title}》", "政务信息"],
                           weights=(35, 20, 15, 10, 10, 10))[0]
    return rng.choice([f"{unit.short}政务信息{len(docs)}篇", f"【{unit.short}】信息{len(docs)}篇（{day.month}月{day.day}日）",
                       "政务信息报送"])


@dataclass
class Events:
    mails: list[Mail]
    paper: list[PaperRow]
    submissions: list[Submission]
    titles: TitleMaker


def _days(month: int, window: tuple[int, int] | None, year: int = YEAR) -> list[dt.date]:
    first, last = window or (1, 31)
    return working_days(year, month, first, last)


def build_events(plan: dict[str, UnitPlan], seed: int) -> Events:
    rng = random.Random(seed)
    titles = TitleMaker(random.Random(seed + 1))
    mails: list[Mail] = []
    paper: list[PaperRow] = []
    # Reserve the fixed titles before any headline is generated.
    for short, _m, _n, title, _w, _t in COMMISSIONED:
        titles.reserve(BY_SHORT[short], title)
    titles.reserve(BY_SHORT[REVIEWED_IN[0]], REVIEWED_IN[2])

    for short, up in plan.items():
        unit = up.unit
        for month in MONTHS:
            left = up.submissions[month]

            def take(n: int = 1) -> None:
                nonlocal left
                left -= n
                if left < 0:
                    raise AssertionError(f"{short} {month}: more special items than planned submissions")

            for c_short, c_month, number, title, window, unit_tag in COMMISSIONED:
                if (c_short, c_month) == (short, month):
                    take()
                    tags = ("约稿" + str(number), unit.short) if unit_tag else ("约稿" + str(number),)
                    day = rng.choice(_days(month, window))
                    mail = Mail("documents", unit, office_time(day, rng), [Doc(title, tags=tags)],
                                sender=pick_sender(unit, rng))
                    mail.subject = f"【约稿{number}】{title}" if rng.random() < 0.5 else f"【约稿{number}】【{unit.short}】{title}"
                    mail.cases.append(f"commissioned topic {number} (subject and file name tagged 【约稿{number}】)")
                    mails.append(mail)
            if (REVIEWED_IN[0], REVIEWED_IN[1]) == (short, month):
                take()
                day = rng.choice(_days(month, None))
                mail = Mail("documents", unit, office_time(day, rng), [Doc(REVIEWED_IN[2])], sender=pick_sender(unit, rng))
                mail.subject = REVIEWED_IN[2]
                mail.cases.append("title contains 会议 but 审核登记 says 是: counted")
                mails.append(mail)
            for p_short, p_month in PAPER:
                if (p_short, p_month) == (short, month):
                    take()
                    day = rng.choice(_days(month, None))
                    paper.append(PaperRow(unit, day, titles.next(unit), cases=["paper-only submission"]))
            for b_short, b_month, html in BODY_ONLY:
                if (b_short, b_month) == (short, month):
                    take()
                    title = titles.next(unit)
                    day = rng.choice(_days(month, None))
                    mail = Mail("body_only", unit, office_time(day, rng), title=title, html=html,
                                sender=pick_sender(unit, rng))
                    mail.subject = rng.choice([title, f"【{unit.short}】{title}"])
                    mail.cases.append("body-only submission (no attachment; titled by the subject)"
                                      + (" with an HTML-only body" if html == "only" else ""))
                    mails.append(mail)
            for i_short, i_month in IMAGE_BODY:
                if (i_short, i_month) == (short, month):
                    take()
                    title = titles.next(unit)
                    day = rng.choice(_days(month, None))
                    mail = Mail("image_body", unit, office_time(day, rng), title=title, images=2,
                                sender=pick_sender(unit, rng))
                    mail.subject = title
                    mail.cases.append("only image attachments and a text body: one body-only submission")
                    mails.append(mail)

            docs = []
            for _ in range(left):
                docs.append(Doc(titles.next(unit), random_ext(rng), random_tags(unit, month, rng)))
            for f_short, f_month, ext, encoding in FIXED_TYPES:
                if (f_short, f_month) == (short, month):
                    docs[0].ext, docs[0].text_encoding = ext, encoding or "utf-8"
            for w_short, w_month, window, label in WINDOWS:
                if (w_short, w_month) == (short, month):
                    doc = docs.pop(0)
                    day = rng.choice(_days(month, window))
                    mail = Mail("documents", unit, office_time(day, rng), [doc], sender=pick_sender(unit, rng),
                                labels={label})
                    mail.subject = document_subject(unit, [doc], day, rng)
                    mails.append(mail)
            rng.shuffle(docs)
            while docs:
                size = min(len(docs), rng.choices((1, 2, 3), weights=(85, 11, 4))[0])
                group, docs = docs[:size], docs[size:]
                day = rng.choice(_days(month, None))
                mail = Mail("documents", unit, office_time(day, rng), group, sender=pick_sender(unit, rng))
                mail.subject = document_subject(unit, group, day, rng)
                if size > 1:
                    mail.cases.append(f"{size} document attachments in one message")
                mails.append(mail)

    for mail in mails:
        mail.client = mail.client or client_for(mail.sender, mail.unit)
        for doc in mail.docs:
            if doc.ext != doc.ext.lower():
                mail.cases.append(f"upper-case extension {doc.ext}")
            elif doc.ext == ".txt":
                mail.cases.append(f"document attached as .txt ({doc.text_encoding})")
            elif doc.ext != ".docx":
                mail.cases.append(f"document attached as {doc.ext}" + {
                    ".doc": " (RTF content)", ".wps": " (docx content)"}.get(doc.ext, ""))
            if doc.tags and not mail.subject.startswith("【约稿"):
                mail.cases.append("file name with leading 【...】 tag")
    events = Events(mails, paper, [], titles)
    check_titles(events)
    return events


def check_titles(events: Events) -> None:
    for mail in events.mails:
        for doc in mail.docs:
            if doc.counted and doc.title != REVIEWED_IN[2]:
                assert not has_exclusion_word(doc.title), doc.title
        if mail.kind in ("body_only", "image_body"):
            assert not has_exclusion_word(mail.title), mail.title
    for row in events.paper:
        assert not has_exclusion_word(row.title), row.title


def collect_submissions(events: Events) -> list[Submission]:
    """The counted submissions with their final times (after the cases moved some)."""
    out = []
    for mail in events.mails:
        if mail.kind in ("body_only", "image_body"):
            out.append(Submission(mail.unit, mail.when, mail.title, mail))
        for doc in mail.docs:
            if doc.counted:
                out.append(Submission(mail.unit, mail.when, doc.title, mail))
    for row in events.paper:
        if row.counted:
            out.append(Submission(row.unit, dt.datetime.combine(row.day, dt.time(9, 0)), row.title, row))
    return sorted(out, key=lambda s: (s.when, s.unit.short, s.title))
