"""The awkward but realistic cases of the Golmud sample. Each one exercises a rule of the input
contract; none changes a figure of the annex: they either alter how a counted message is
written (time zone, missing Date, sender matched by subject tag, encodings...) or add
messages and rows that must not count (repeats, corrections, excluded titles, auto-replies,
a delivery report, a stranger, an empty message, December 2023)."""
from __future__ import annotations

import datetime as dt
import random

from .golmud_calendar import next_working_day, office_time, working_days
from .golmud_events import Doc, Events, Mail, PaperRow, client_for
from .golmud_units import BY_SHORT, OFFICE_ADDRESS

# Messages from addresses the registry does not know, resolved by the subject's leading tag.
TAGGED = (("市民政局", 3, "民政局", "lihua1985@qq.com", "alias"),
          ("东城区行委", 5, "东城区行政委员会", "dcq_sqb@126.com", "单位名称"),
          ("市文体旅游广电局", 6, "市文旅局", "wangfang_gem@sina.com", "alias"),
          ("格尔木农垦(集团)", 6, "格尔木农垦（集团）", "nk_bgs2024@qq.com", "表内名称 with full-width brackets"),
          ("市人民法院", 1, "市人民法院", "fy_zhb@126.com", "表内名称"))
UPPER_CASE_FROM = (("市农牧局", 2, "GEMNMJ@163.COM"), ("市发展和改革委员会", 5, "GemFgw@163.com"),
                   ("市公安局", 6, "GEMGAJ_XX@163.com"), ("国家税务总局格尔木市税务局", 5, "GEM_TAX@163.com"),
                   ("市教育局", 6, "GemJyj@163.com"), ("市住房和城乡建设局", 3, "ZJJ_BGS@126.com"))
# Titles a keyword excludes: (unit, month, title, alone in its message?)
EXCLUDED = (("市财政局", 5, "市财政局以党建引领推动财政重点工作提质增效", True),
            ("市公安局", 5, "市公安局开展“忠诚守护”主题党日活动", False),
            ("市人力资源和社会保障局", 4, "市人社局举办2024年创业培训讲师能力提升班", True),
            ("市司法局", 3, "市司法局党组理论学习中心组开展专题学习", True),
            ("市城市管理局", 1, "市城市管理局召开2024年城市管理工作会议", True))
REVIEWED_OUT = ("市卫生健康委员会", 5, "市卫生健康委员会主要负责同志带队赴乡镇卫生院调研指导")


class Cases:
    def __init__(self, events: Events, seed: int):
        self.events = events
        self.rng = random.Random(seed)
        self.touched: set[int] = set()

    # -- choosing a counted message to alter ------------------------------------------------
    def pick(self, short: str, month: int, *, single: bool = True, last_day: int = 31,
             ext: str | None = ".docx") -> Mail:
        candidates = sorted(
            (m for m in self.events.mails
             if m.kind == "documents" and m.unit is not None and m.unit.short == short
             and m.when.month == month and m.when.year == 2024 and m.when.day <= last_day
             and id(m) not in self.touched and not m.cases and not m.labels
             and (not single or len(m.docs) == 1)
             and (ext is None or all(d.ext == ext and not d.tags for d in m.docs))),
            key=lambda m: (m.when, m.subject))
        if not candidates:
            raise AssertionError(f"no message of {short} in month {month} fits the case")
        chosen = self.rng.choice(candidates)
        self.touched.add(id(chosen))
        return chosen

    def add(self, mail: Mail) -> Mail:
        mail.client = mail.client or client_for(mail.sender, mail.unit)
        self.events.mails.append(mail)
        return mail

    # -- counted messages written awkwardly ---------------------------------------------------
    def times(self) -> None:
        mail = self.pick("市文体旅游广电局", 5)
        mail.when = dt.datetime(2024, 5, 1, 0, 30, 0)
        mail.date_style = "utc"
        mail.cases.append("Date: Tue, 30 Apr 2024 16:30:00 +0000 = 1 May 00:30 Shanghai: counts in May")
        mail = self.pick("市水利局", 5)
        mail.date_style = "none"
        mail.cases.append("no Date header: time from the newest Received header")

    def senders(self) -> None:
        for short, month, tag, address, how in TAGGED:
            mail = self.pick(short, month)
            mail.sender, mail.sender_name = address, None
            mail.client = client_for(address, None)
            mail.subject = f"【{tag}】{mail.docs[0].title}" if self.rng.random() < 0.6 else f"【{tag}】政务信息"
            mail.cases.append(f"sender not in the registry; unit from the subject tag 【{tag}】 ({how})")
        for short, month, address in UPPER_CASE_FROM:
            mail = self.pick(short, month)
            mail.sender = address
            mail.cases.append(f"From address in other letter case than the registry ({address})")
        for mail in self.events.mails:
            unit = mail.unit
            if unit and len(unit.emails) > 1 and mail.sender == unit.emails[1]:
                mail.cases.append("sent from the unit's second registered address")

    def encodings(self) -> None:
        mail = self.pick("市财政局", 3)
        mail.header_style = "gbk-q"
        mail.cases.append("subject RFC 2047 =?GBK?Q?...?=")
        mail = self.pick("市应急管理局", 4)
        mail.name_style = "gb18030-q"
        mail.cases.append("file name RFC 2047 =?gb18030?Q?...?=")
        mail = self.pick("市城市管理局", 4)
        mail.header_style = "raw-utf8"
        mail.cases.append("subject and sender name as raw 8-bit UTF-8 (no RFC 2047)")
        mail = self.pick("市住房和城乡建设局", 5)
        mail.name_style = "rfc2231-gbk"
        mail.cases.append("file name RFC 2231 in GBK (filename*=gbk''%..)")
        for mail in self.events.mails:
            if mail.kind != "documents" or mail.unit is None:
                continue
            for doc in mail.docs:
                if doc.ext.lower() == ".docx" and self.rng.random() < 0.03:
                    doc.content_type = "application/octet-stream"
                    mail.cases.append("document sent as application/octet-stream")
            if not mail.images and self.rng.random() < 0.04:
                mail.images = self.rng.choice((1, 1, 2))
                mail.cases.append(f"{mail.images} image(s) beside the document(s)")

    # -- repeats and corrections: the same submission again, counted once -----------------
    def repeats(self) -> None:
        # E1 the same message again the next working day
        original = self.pick("市公安局", 5, last_day=20)
        again = Mail("documents", original.unit, office_time(next_working_day(original.when.date()), self.rng),
                     [Doc(original.docs[0].title, counted=False)], subject=original.subject, sender=original.sender)
        again.cases.append("the same article mailed again (same title, later message): not counted again")
        again.refers = original
        self.add(again)
        # E2 the same article twelve minutes later from the unit's other address
        original = self.pick("市市场监督管理局", 6)
        unit = original.unit
        other = unit.emails[1] if original.sender == unit.emails[0] else unit.emails[0]
        again = Mail("documents", unit, original.when + dt.timedelta(minutes=12),
                     [Doc(original.docs[0].title, counted=False)], subject=original.subject, sender=other)
        again.cases.append("same article again from the unit's other address: not counted again")
        again.refers = original
        self.add(again)
        # E3 a May article sent again in June beside a new one
        original = self.pick("东城区行委", 5)
        carrier = self.pick("东城区行委", 6)
        carrier.docs.append(Doc(original.docs[0].title, counted=False))
        carrier.subject = f"{carrier.unit.short}政务信息2篇"
        carrier.cases.append("2 documents: one new, one a repeat of a May article (counts only in May)")
        carrier.refers = original
        # E4 correction with different spacing, subject 【更正】
        self._correction("市农牧局", 5, "更正", lambda t, u: t.replace(u.who[0], u.who[0] + " ", 1).replace("推进", " 推进", 1),
                         "subject 【更正】, file name with extra spaces", next_days=2)
        # E5 correction as 【修改稿】, same title, file name tagged
        self._correction("市文体旅游广电局", 6, "修改稿", lambda t, u: t, "subject and file name tagged 【修改稿】",
                         next_days=1, file_tag=True)
        # E6 correction early May of an article first sent late April: counts in April only
        original = next(m for m in self.events.mails if "original-before-may" in m.labels)
        self.touched.add(id(original))
        who = original.unit.who[0]
        variant = original.docs[0].title.replace(who, who + "：", 1)
        fix = Mail("documents", original.unit, office_time(dt.date(2024, 5, 6), self.rng),
                   [Doc(variant, counted=False)], subject=f"【更正】{variant}", sender=original.sender)
        fix.cases.append("【更正】 on 6 May of an article first sent in late April (colon added): counts in April only")
        fix.refers = original
        self.add(fix)
        # E7 correction with a full stop added, same month
        self._correction("市交通运输局", 6, "修改稿", lambda t, u: t + "。", "subject 【修改稿】, file name with a full stop added",
                         next_days=1, last_day=20)

    def _correction(self, short, month, tag, vary, how, *, next_days, file_tag=False, last_day=31) -> None:
        original = self.pick(short, month, last_day=last_day)
        unit = original.unit
        variant = vary(original.docs[0].title, unit)
        doc = Doc(variant, counted=False, tags=(tag,) if file_tag else ())
        day = next_working_day(original.when.date(), next_days)
        fix = Mail("documents", unit, office_time(day, self.rng), [doc], subject=f"【{tag}】{variant}",
                   sender=original.sender)
        fix.cases.append(f"corrected version ({how}): counted once, at the first time")
        fix.refers = original
        self.add(fix)

    def paper_copy(self) -> None:
        original = next(m for m in self.events.mails
                        if m.unit is not None and m.unit.short == "市发展和改革委员会" and m.subject.startswith("【约稿4】"))
        self.events.paper.append(PaperRow(original.unit, next_working_day(original.when.date(), 3),
                                          original.docs[0].title, counted=False, commission=4,
                                          cases=["纸质报送 row repeating a mailed commissioned article (约稿编号 4): "
                                                 "counted once; the mail is the first response"]))

    # -- items that are not counted -------------------------------------------------------
    def excluded(self) -> None:
        for short, month, title, alone in EXCLUDED:
            unit = BY_SHORT[short]
            self.events.titles.reserve(unit, title)
            doc = Doc(title, counted=False)
            if alone:
                day = self.rng.choice(working_days(2024, month))
                mail = self.add(Mail("documents", unit, office_time(day, self.rng), [doc], subject=title,
                                     sender=unit.emails[0]))
            else:
                mail = self.pick(short, month)
                mail.docs.append(doc)
                mail.subject = f"{unit.short}政务信息2篇"
            mail.cases.append(f"title with an exclusion word, not counted: {title}")
        short, month, title = REVIEWED_OUT
        unit = BY_SHORT[short]
        self.events.titles.reserve(unit, title)
        day = self.rng.choice(working_days(2024, month))
        mail = self.add(Mail("documents", unit, office_time(day, self.rng), [Doc(title, counted=False)],
                             subject=title, sender=unit.emails[0]))
        mail.cases.append("ordinary title that 审核登记 marks 否 (leader's activity): not counted")

    def not_submissions(self) -> None:
        rng = self.rng
        notice = "关于报送2024年5—6月份政务信息的提醒"
        for short, day, subject, header, body, how in (
                ("市审计局", dt.date(2024, 5, 13), f"自动回复：{notice}", True, "您好，您的邮件已收到，我会尽快处理。",
                 "Auto-Submitted header and subject 自动回复"),
                ("国家税务总局格尔木市税务局", dt.date(2024, 6, 3), f"Re: {notice}", True,
                 "您好！本人近期外出，邮件回复不及时，急事请致电0979-8412306。", "Auto-Submitted header only"),
                ("察尔汗行委", dt.date(2024, 6, 17), f"自动回复: {notice}", False, "您的来信已收到，我们会尽快处理。",
                 "subject 自动回复 only")):
            unit = BY_SHORT[short]
            mail = self.add(Mail("auto_reply", unit, office_time(day, rng), subject=subject, sender=unit.emails[0],
                                 body=body))
            mail.extra_headers.append(("In-Reply-To", "<20240510093000.notice0510@163.com>"))
            if header:
                mail.extra_headers.append(("Auto-Submitted", "auto-replied"))
            mail.cases.append(f"auto-reply from a registered address ({how}): not a submission")
        report = self.add(Mail("report", None, office_time(dt.date(2024, 5, 14), rng),
                               subject="Undelivered Mail Returned to Sender", sender="MAILER-DAEMON@163.com",
                               sender_name="Mail Delivery System", client="mta"))
        report.cases.append("delivery-status report (multipart/report) from MAILER-DAEMON: not a submission")
        stranger = self.add(Mail("stranger", None, office_time(dt.date(2024, 6, 18), rng),
                                 [Doc("智慧政务一体化平台解决方案", ".pdf", counted=False)],
                                 subject="智慧政务一体化平台解决方案介绍", sender="zhihuizw_sales@126.com",
                                 sender_name="北京智汇政通科技有限公司", client="foxmail"))
        stranger.cases.append("unknown sender, no subject tag: quarantined as unknown_sender")
        carrier = self.pick("市统计局", 5)
        empty = self.add(Mail("empty", carrier.unit, carrier.when - dt.timedelta(minutes=20),
                              subject=f"【{carrier.unit.short}】政务信息", sender=carrier.sender, body=""))
        empty.cases.append("no attachment and an empty body: not a submission")
        empty.refers = carrier
        for short, day in (("市农牧局", dt.date(2023, 12, 20)), ("市发展和改革委员会", dt.date(2023, 12, 28))):
            unit = BY_SHORT[short]
            title = self.events.titles.next(unit)
            mail = self.add(Mail("documents", unit, office_time(day, rng), [Doc(title, counted=False)],
                                 subject=title, sender=unit.emails[0]))
            mail.cases.append("dated December 2023: counts for nobody in 2024")


def apply_cases(events: Events, seed: int) -> None:
    cases = Cases(events, seed)
    cases.times()
    cases.senders()
    cases.encodings()
    cases.repeats()
    cases.paper_copy()
    cases.excluded()
    cases.not_submissions()
    assert all(OFFICE_ADDRESS not in m.sender for m in events.mails)
