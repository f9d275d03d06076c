"""Writing one Mail event of the Golmud sample as RFC 5322 bytes, the way the unit's mail client
would: header charset and encoding, file-name encoding, body layout, Message-ID format,
Received chain. All variation comes from a random generator seeded by the message's path."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from .documents import document_bytes
from .golmud_events import Mail
from .golmud_titles import article_paragraphs
from .golmud_units import OFFICE_ADDRESS, Unit
from .images import jpeg_bytes, png_bytes
from .messages import (UTF8_B, Body, FilePart, HeaderCharset, MessageSpec, build_message, delivery_report,
                       encoded_words, message_bytes, received_header)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))   # Asia/Shanghai has kept +08:00 since 1991
OFFICE_MX = "mx.163.com"


@dataclass(frozen=True)
class Client:
    header: HeaderCharset
    names: str               # rfc2047 or rfc2231
    body_charset: str
    transfer: str
    html: str
    mailer: tuple[str, str] | None
    msgid: str               # format name, see _message_id


CLIENTS = {
    "webmail163": Client(UTF8_B, "rfc2047", "UTF-8", "base64", "alternative",
                         ("X-Mailer", "Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)"), "coremail"),
    "foxmail": Client(HeaderCharset("GBK", "B"), "rfc2047", "GBK", "base64", "alternative",
                      ("X-Mailer", "Foxmail 7.2.25.228[cn]"), "foxmail"),
    "outlook": Client(HeaderCharset("gb2312", "B"), "rfc2047", "gb2312", "base64", "alternative",
                      ("X-Mailer", "Microsoft Outlook 16.0"), "outlook"),
    "thunderbird": Client(UTF8_B, "rfc2231", "UTF-8", "8bit", "no",
                          ("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 "
                                         "Thunderbird/115.10.1"), "uuid"),
    "qqmail": Client(HeaderCharset("gb18030", "B"), "rfc2047", "gb18030", "base64", "alternative",
                     ("X-Mailer", "QQMail 2.x"), "tencent"),
    "mta": Client(UTF8_B, "rfc2047", "UTF-8", "7bit", "no", None, "mta"),
}
RELAYS = {"163.com": ("m16-{n}.163.com", "220.181.12.{n}"), "126.com": ("m15-{n}.126.com", "220.181.15.{n}"),
          "qq.com": ("out203-205-{n}.mail.qq.com", "203.205.221.{n}"), "sina.com": ("mail-{n}.sina.com", "202.108.3.{n}")}
CONTACTS = ("李娜", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "马晓梅", "韩雪", "祁生福", "才让卓玛", "周婷")


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def _fits(text: str, style: HeaderCharset) -> HeaderCharset:
    """Outlook labels headers gb2312: where a character is outside GB2312, it writes GBK."""
    if style.charset.lower() == "gb2312":
        try:
            text.encode("gb2312")
        except UnicodeEncodeError:
            return HeaderCharset("GBK", style.encoding)
    return style


def _message_id(kind: str, h: str, when: dt.datetime, sender: str) -> str:
    local, _, domain = sender.lower().partition("@")
    if kind == "coremail":
        return f"<{h[:8]}.{h[8:12]}.{h[12:23]}.Coremail.{local}@{domain}>"
    if kind == "foxmail":
        return f"<{when:%Y%m%d%H%M%S}{int(h[:8], 16) % 10 ** 7:07d}@{domain}>"
    if kind == "outlook":
        return f"<000001da{h[:4]}${h[4:12]}${h[12:20]}$@{domain}>"
    if kind == "uuid":
        return f"<{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}@{domain}>"
    if kind == "tencent":
        return f"<tencent_{h[:32].upper()}@qq.com>"
    return f"<{when:%Y%m%d%H%M%S}.{h[:10].upper()}@{OFFICE_MX}>"


def _received(mail: Mail, when: dt.datetime, h: str) -> list[str]:
    domain = mail.sender.lower().rsplit("@", 1)[-1]
    relay, ip = RELAYS.get(domain, RELAYS["163.com"])
    n = int(h[:4], 16) % 200 + 20
    relay, ip = relay.format(n=n), ip.format(n=n)
    aware = when.replace(tzinfo=SHANGHAI)
    top = received_header(relay, ip, OFFICE_MX, f"{h[24:28]}wDn{h[28:36]}", aware + dt.timedelta(seconds=3))
    first = received_header(f"[10.{n}.{int(h[4:6], 16)}.{int(h[6:8], 16)}]", f"10.{n}.0.1", relay,
                            f"{h[36:40]}esmtpa", aware + dt.timedelta(seconds=1))
    return [top, first]


def _we(unit: Unit) -> str:
    name = unit.full
    if name.endswith(("法院", "检察院")):
        return "我院"
    if name.endswith("公司"):
        return "我公司"
    if name.endswith(("委员会", "管委会")):
        return "我委"
    return "我局"


def _signature(unit: Unit) -> str:
    h = int(_hash(unit.short)[:8], 16)
    return f"{unit.full}办公室\n联系人：{CONTACTS[h % len(CONTACTS)]}　电话：0979-84{h % 100000:05d}\n"


def _cover_note(mail: Mail, rng: random.Random) -> str:
    unit = mail.unit
    if rng.random() < 0.15:
        return ""
    if mail.subject.startswith(("【更正】", "【修改稿】")):
        text = f"　　此前报送的《{mail.docs[0].title}》有误，现报送修改后的稿件，请以此稿为准。"
    elif len(mail.docs) == 1:
        text = f"　　现将{_we(unit)}政务信息《{mail.docs[0].title}》报送，请审阅。"
    else:
        listed = "\n".join(f"　　{i}.《{d.title}》" for i, d in enumerate(mail.docs, 1))
        text = f"　　现将{_we(unit)}政务信息{len(mail.docs)}篇报送，请审阅：\n{listed}"
    return f"市政府办公室：\n{text}\n\n{_signature(unit)}"


def _sender_name(mail: Mail) -> str | None:
    if mail.sender_name is not None or mail.unit is None:
        return mail.sender_name
    choice = int(_hash("name", mail.unit.short, mail.sender.lower())[:4], 16) % 5
    return (mail.unit.full, mail.unit.full, f"{mail.unit.short}办公室", "办公室", None)[choice]


def _files(mail: Mail, client: Client, rng: random.Random) -> list[FilePart]:
    name_style, name_charset = client.names, client.header
    if mail.name_style == "gb18030-q":
        name_style, name_charset = "rfc2047", HeaderCharset("gb18030", "Q")
    elif mail.name_style == "rfc2231-gbk":
        name_style, name_charset = "rfc2231", HeaderCharset("gbk")
    when = (mail.when.year, mail.when.month, mail.when.day, mail.when.hour, mail.when.minute, 0)
    parts = []
    for doc in mail.docs:
        paragraphs = article_paragraphs(mail.unit, doc.title, rng) if mail.unit else [
            "本方案介绍智慧政务一体化平台的主要功能。"]
        data = document_bytes(doc.ext, doc.title, paragraphs, text_encoding=doc.text_encoding, when=when)
        text_charset = doc.text_encoding.upper() if doc.ext.lower() == ".txt" else None
        parts.append(FilePart(doc.filename, data, doc.content_type, name_style,
                              _fits(doc.filename, name_charset), text_charset))
    for i in range(mail.images):
        stamp = mail.when + dt.timedelta(minutes=-40 - 7 * i)
        if rng.random() < 0.5:
            name, data = f"IMG_{stamp:%Y%m%d_%H%M%S}.jpg", jpeg_bytes(f"{mail.file}#{i}")
        else:
            name = rng.choice([f"微信图片_{stamp:%Y%m%d%H%M%S}.png", f"现场照片{i + 1}.png"])
            data = png_bytes(2, 2, tuple(int(_hash(mail.file, i)[k:k + 2], 16) for k in (0, 2, 4)))
        parts.append(FilePart(name, data, None, name_style, _fits(name, name_charset)))
    return parts


def _body(mail: Mail, client: Client, rng: random.Random) -> Body:
    if mail.kind == "report":
        return Body("")   # the report's explanation is written by _report
    if mail.kind in ("body_only", "image_body"):
        p1, p2 = article_paragraphs(mail.unit, mail.title, rng)
        text = f"{mail.title}\n\n　　{p1}\n　　{p2}\n\n{_signature(mail.unit)}"
    elif mail.body is not None:
        text = mail.body
    elif mail.kind == "stranger":
        text = ("尊敬的领导：\n　　您好！我公司专注于智慧政务平台建设，现将《智慧政务一体化平台解决方案》发送给您，"
                "敬请审阅。\n北京智汇政通科技有限公司 市场部\n")
    else:
        text = _cover_note(mail, rng)
    charset = client.body_charset
    if charset.lower() == "gb2312":
        try:
            text.encode("gb2312")
        except UnicodeEncodeError:
            charset = "GBK"
    html = mail.html or client.html
    return Body(text, charset, client.transfer, html if text else "no")


def render(mail: Mail, office: str = OFFICE_ADDRESS) -> bytes:
    """The .eml bytes of one message to `office`; mail.file must be set (it seeds all variation)."""
    rng = random.Random(f"golmud-2024/{mail.file}")
    client = CLIENTS[mail.client]
    h = _hash(mail.file, mail.sender, mail.when.isoformat())
    header = client.header
    if mail.header_style == "gbk-q":
        header = HeaderCharset("GBK", "Q")
    elif mail.header_style == "raw-utf8":
        header = HeaderCharset("UTF-8", "raw")
    header = _fits(mail.subject + (_sender_name(mail) or ""), header)
    aware = mail.when.replace(tzinfo=SHANGHAI)
    date = {"local": aware, "utc": aware.astimezone(dt.timezone.utc), "none": None}[mail.date_style]
    extra = list(mail.extra_headers)
    spec = MessageSpec(
        message_id=_message_id(client.msgid, h, mail.when, mail.sender),
        from_address=mail.sender, to_address=office, subject=mail.subject, date=date,
        from_name=_sender_name(mail), header_charset=header,
        received=_received(mail, mail.when, h) if mail.client != "mta" else [
            received_header("localhost", "127.0.0.1", OFFICE_MX, f"{h[:10].upper()}",
                            mail.when.replace(tzinfo=SHANGHAI))],
        body=_body(mail, client, rng),
        files=_files(mail, client, rng) if mail.kind != "report" else [],
        mailer=None, extra_headers=([client.mailer] if client.mailer else []) + extra)
    if mail.kind == "report":
        return message_bytes(_report(mail, spec, office))
    return message_bytes(build_message(spec))


def _report(mail: Mail, spec: MessageSpec, office: str):
    failed = "gemnmj_old@163.com"
    sent = (mail.when - dt.timedelta(minutes=1)).replace(tzinfo=SHANGHAI)
    original = (f"Received: from [10.20.3.4] (unknown [10.20.3.4])\n by smtp.163.com with ESMTPA; "
                f"{sent:%a, %d %b %Y %H:%M:%S +0800}\n"
                f"From: {office}\nTo: {failed}\n"
                f"Subject: {encoded_words('关于报送2024年5—6月份政务信息的提醒').replace(chr(13) + chr(10), chr(10))}\n"
                f"Date: {sent:%a, %d %b %Y %H:%M:%S +0800}\n"
                f"Message-ID: <{sent:%Y%m%d%H%M%S}.notice@163.com>\n")
    spec.body = Body("This is the mail system at host mx.163.com.\n\n"
                     "I'm sorry to have to inform you that your message could not\n"
                     "be delivered to one or more recipients.\n\n"
                     f"<{failed}>: host mx.163.com said: 550 User not found: {failed}\n",
                     "us-ascii", "7bit", "no")
    return delivery_report(spec, reporting_mta=OFFICE_MX, recipient=failed, status="5.1.1",
                           diagnostic=f"550 User not found: {failed}", arrival=sent, original_headers=original)
