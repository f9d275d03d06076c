"""One unit's months at province scale: its messages (built as the Golmud sample builds them,
golmud_events.Mail, and written by the same golmud_mail.render), its register rows, and what
they must count.

The awkward cases are the sample's, drawn at random rates per unit-month: sender resolved by
a subject tag, From in upper case, UTC or missing Date, GBK / GB18030 / raw 8-bit headers,
RFC 2231 GBK file names, images, octet-stream documents, body-only and image-only messages,
repeats, corrections, excluded titles (with 审核登记 overriding both ways), auto-replies,
empty messages, paper rows, paper copies of mailed articles. Everything a rejected or
uncounted item would change is left out of the expected counts."""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from .golmud_calendar import office_time, working_days
from .golmud_events import Doc, Mail, client_for, document_subject, pick_sender, random_ext, random_tags
from .golmud_titles import TitleMaker
from .golmud_units import Unit

# (kind, level) of an adoption, and how often each is drawn
ADOPTION_KINDS = ((("信息", "市"), 35), (("动态", "市"), 25), (("信息", "州"), 15), (("动态", "州"), 10),
                  (("信息", "省"), 8), (("动态", "省"), 7))
PUBLICATIONS = {"省": "青海政务信息", "州": "州政务信息", "市": "政务信息专报"}
COMMISSIONS = 6   # topics 1..6 of the generated 约稿 sheet
RATES = {"paper": 0.08, "body_only": 0.05, "image_body": 0.01, "repeat": 0.05, "correction": 0.04,
         "excluded": 0.04, "review_in": 0.25, "review_out": 0.01, "auto_reply": 0.02, "empty": 0.01,
         "paper_copy": 0.01, "tagged": 0.03, "upper_from": 0.03, "utc": 0.03, "no_date": 0.01,
         "gbk_q": 0.01, "raw_utf8": 0.01, "rfc2231_gbk": 0.01, "gb18030_q": 0.01, "images": 0.04,
         "octet": 0.02, "txt": 0.02, "commission": 0.03, "adopted": 0.25, "quiet_unit": 0.15}


@dataclass
class UnitMonths:
    """What one unit wrote, register rows included, and what it must count per month."""
    index: int
    counted: Counter = field(default_factory=Counter)       # (year, month) -> counted submissions
    adopted: Counter = field(default_factory=Counter)       # (year, month, kind, level) -> adoptions
    paper: list[tuple] = field(default_factory=list)        # (day, title)
    adoptions: list[tuple] = field(default_factory=list)    # (day, title, kind, level)
    reviews: list[tuple] = field(default_factory=list)      # (title, 是/否, reason)
    messages: int = 0


class UnitWriter:
    """Events of one unit, month by month; its TitleMaker keeps titles distinct across months."""

    def __init__(self, index: int, unit: Unit, seed: int):
        self.unit, self.out = unit, UnitMonths(index)
        self.rng = random.Random(f"scale/{seed}/{index}")
        self.titles = TitleMaker(random.Random(f"scale/{seed}/{index}/titles"))
        self.quiet = self.rng.random() < RATES["quiet_unit"]   # writes too little: fails its quota

    def chance(self, what: str) -> bool:
        return self.rng.random() < RATES[what]

    def month(self, year: int, month: int) -> list[Mail]:
        """The month's messages (numbered by the caller); counts and register rows go to self.out."""
        rng, unit, days = self.rng, self.unit, working_days(year, month)
        articles = rng.randint(2, 9) if self.quiet else rng.randint(10, 20)
        mails: list[Mail] = []
        counted: list[tuple[dt.datetime, str]] = []
        if self.chance("paper"):
            articles -= 1
            day, title = rng.choice(days), self.titles.next(unit)
            self.out.paper.append((day, title))
            counted.append((dt.datetime.combine(day, dt.time(9)), title))
        for kind in ("body_only", "image_body"):
            if articles > 1 and self.chance(kind):
                articles -= 1
                title = self.titles.next(unit)
                mail = Mail(kind, unit, office_time(rng.choice(days), rng), title=title,
                            images=2 if kind == "image_body" else 0, sender=pick_sender(unit, rng),
                            html=rng.choice(("no", "alternative", "only")) if kind == "body_only" else None)
                mail.subject = rng.choice((title, f"【{unit.short}】{title}"))
                mails.append(mail)
        docs = [Doc(self.titles.next(unit), random_ext(rng), random_tags(unit, month, rng)) for _ in range(articles)]
        if docs and self.chance("txt"):
            docs[0].ext, docs[0].text_encoding = ".txt", rng.choice(("gbk", "gb18030", "utf-8"))
        while docs:
            size = min(len(docs), rng.choices((1, 2, 3), weights=(55, 35, 10))[0])
            group, docs = docs[:size], docs[size:]
            day = rng.choice(days)
            mail = Mail("documents", unit, office_time(day, rng), group, sender=pick_sender(unit, rng))
            mail.subject = document_subject(unit, group, day, rng)
            if self.chance("commission"):
                mail.subject = f"【约稿{rng.randint(1, COMMISSIONS)}】{mail.subject}"
            self._awkward(mail)
            mails.append(mail)
        self._not_counted(mails, days)
        for mail in mails:
            mail.client = mail.client or client_for(mail.sender, unit)
        counted += [(m.when, m.title) for m in mails if m.kind in ("body_only", "image_body")]
        counted += [(m.when, d.title) for m in mails for d in m.docs if d.counted]
        self.out.counted[(year, month)] += len(counted)
        self._adopt(year, month, sorted(counted))
        self.out.messages += len(mails)
        return mails

    def _awkward(self, mail: Mail) -> None:
        """A counted message written the way some clients and people do."""
        rng, unit = self.rng, self.unit
        if self.chance("tagged"):
            name = rng.choice((unit.short, unit.full, *unit.aliases))
            mail.sender = f"staff{rng.randrange(10 ** 6):06d}@{rng.choice(('qq.com', '126.com', 'sina.com'))}"
            mail.client = client_for(mail.sender, None)
            mail.subject = f"【{name}】{mail.docs[0].title if len(mail.docs) == 1 else '政务信息'}"
        elif self.chance("upper_from"):
            mail.sender = mail.sender.upper()
        mail.date_style = "utc" if self.chance("utc") else "none" if self.chance("no_date") else "local"
        if self.chance("gbk_q"):
            mail.header_style = "gbk-q"
        elif self.chance("raw_utf8"):
            mail.header_style = "raw-utf8"
        if self.chance("rfc2231_gbk"):
            mail.name_style = "rfc2231-gbk"
        elif self.chance("gb18030_q"):
            mail.name_style = "gb18030-q"
        if self.chance("images"):
            mail.images = rng.choice((1, 1, 2))
        for doc in mail.docs:
            if doc.ext == ".docx" and self.chance("octet"):
                doc.content_type = "application/octet-stream"

    def _not_counted(self, mails: list[Mail], days: list[dt.date]) -> None:
        """Messages and rows that must not add a submission."""
        rng, unit = self.rng, self.unit
        carriers = [m for m in mails if m.kind == "documents"]
        if carriers and self.chance("repeat"):
            original = rng.choice(carriers)
            later = original.when + dt.timedelta(minutes=rng.randint(10, 300))
            if later.month == original.when.month:
                again = Mail("documents", unit, later, [Doc(original.docs[0].title, counted=False)],
                             subject=original.subject, sender=rng.choice(unit.emails))
                mails.append(again)
        if carriers and self.chance("correction"):
            original = rng.choice(carriers)
            tag = rng.choice(("更正", "修改稿"))
            variant = rng.choice((original.docs[0].title + "。", original.docs[0].title.replace(unit.who[0], unit.who[0] + " ", 1)))
            later = original.when + dt.timedelta(hours=rng.randint(1, 30))
            if later.month == original.when.month:
                mails.append(Mail("documents", unit, later,
                                  [Doc(variant, counted=False, tags=(tag,) if rng.random() < 0.5 else ())],
                                  subject=f"【{tag}】{variant}", sender=original.sender))
        if self.chance("excluded"):
            topic = rng.choice(unit.topics)
            title = rng.choice((f"{unit.who[0]}召开{topic}工作会议", f"{unit.who[0]}举办{topic}业务培训班"))
            try:
                self.titles.reserve(unit, title)
            except ValueError:   # the unit wrote this headline before
                title = None
            if title:
                day = rng.choice(days)
                reviewed_in = self.chance("review_in")   # 审核登记 是: counted after all
                mails.append(Mail("documents", unit, office_time(day, rng), [Doc(title, counted=reviewed_in)],
                                  subject=title, sender=unit.emails[0]))
                if reviewed_in:
                    self.out.reviews.append((title, "是", "内容具体，按政务信息计入"))
        if carriers and self.chance("review_out"):
            doc = rng.choice(rng.choice(carriers).docs)
            self._exclude_everywhere(mails, doc.title)
            self.out.reviews.append((doc.title, "否", "领导活动类信息，不计入"))
        if carriers and self.chance("paper_copy"):
            original = rng.choice(carriers)
            doc = original.docs[0]
            day = original.when.date() + dt.timedelta(days=rng.randint(1, 3))
            if day.month == original.when.month:
                self.out.paper.append((day, doc.title))   # the mailed copy is earlier: counted once
        for kind, rate in (("auto_reply", "auto_reply"), ("empty", "empty")):
            if self.chance(rate):
                day = rng.choice(days)
                mail = Mail(kind, unit, office_time(day, rng), sender=unit.emails[0],
                            subject=f"自动回复：关于报送{day.month}月份政务信息的提醒" if kind == "auto_reply"
                            else f"【{unit.short}】政务信息",
                            body="您好，您的邮件已收到，我会尽快处理。" if kind == "auto_reply" else "")
                if kind == "auto_reply":
                    mail.extra_headers.append(("Auto-Submitted", "auto-replied"))
                mails.append(mail)

    def _exclude_everywhere(self, mails: list[Mail], title: str) -> None:
        for mail in mails:
            for doc in mail.docs:
                if doc.title == title:
                    doc.counted = False

    def _adopt(self, year: int, month: int, counted: list[tuple[dt.datetime, str]]) -> None:
        rng = self.rng
        for when, title in counted:
            if not self.chance("adopted"):
                continue
            kind, level = rng.choices([k for k, _ in ADOPTION_KINDS], weights=[w for _, w in ADOPTION_KINDS])[0]
            day = when.date() + dt.timedelta(days=rng.randint(1, 8))
            if day.month != month:
                continue
            self.out.adoptions.append((day, title, kind, level))
            self.out.adopted[(year, month, kind, level)] += 1
