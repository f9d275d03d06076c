"""One raw message (bytes) to the facts the pipeline lands: headers decoded, time, body, attachments.

Chinese mail arrives labelled gb2312 while holding GBK characters, and some clients put raw
8-bit GBK in headers, so every decode falls back through GB18030 (a superset of both).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses

from lxml import etree

from .dates import parse_mail_date, received_date
from .errors import Rejected
from .limits import limits, megabytes
from .mime_split import split_message

_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                    "euc-cn": "gb18030", "hz-gb-2312": "hz", "unknown-8bit": "utf-8"}
# UTF-7 (and some broken mailers) decode to lone surrogates, which no database accepts
_SURROGATES = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]")   # how compat32 hands over raw 8-bit header bytes
INVALID_UNICODE = "InvalidUnicode"   # the defect a message carries when such characters were replaced


@dataclass
class Attachment:
    part_index: int
    filename: str | None
    content_type: str
    size: int
    sha256: str


@dataclass
class ParsedMessage:
    message_id: str | None
    from_address: str | None
    from_name: str | None
    subject: str | None
    date_header: str | None
    received_header: str | None
    sent_at: object  # datetime (Shanghai wall clock) or None
    time_source: str | None
    auto_submitted: str | None
    content_type: str
    body_text: str
    defects: str | None
    attachments: list[Attachment] = field(default_factory=list)


_MESSAGE_FIELDS = tuple(f.name for f in dataclasses.fields(ParsedMessage) if f.name != "attachments")


def _codec(charset: str | None) -> str:
    name = (charset or "utf-8").strip().strip('"').lower()
    return _CHARSET_ALIASES.get(name, name)


def decode_bytes(data: bytes, charset: str | None) -> str:
    for candidate in (_codec(charset), "utf-8", "gb18030"):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def decode_header_text(value: object) -> str | None:
    """An RFC 2047 (or raw 8-bit) header as text."""
    if value is None:
        return None
    raw = str(value)
    # compat32 hands raw 8-bit header bytes over as surrogate escapes: recover and decode them.
    if _ESCAPED_BYTES.search(raw):
        raw = decode_bytes(raw.encode("ascii", "surrogateescape"), None)
    pieces = []
    for chunk, charset in decode_header(raw):
        pieces.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    text = "".join(pieces)
    return " ".join(text.split()) if text.strip() else None


def _raw_headers(msg: Message, name: str) -> list[str]:
    """Header values as received: raw 8-bit bytes stay recoverable (compat32 would turn them into U+FFFD)."""
    return [value for key, value in msg.raw_items() if key.lower() == name.lower()]


def _raw_header(msg: Message, name: str) -> str | None:
    values = _raw_headers(msg, name)
    return values[0] if values else None


def _header_values(msg: Message) -> dict[str, list[str]]:
    """Every header's values as received (_raw_headers), by lower-case name, in one pass."""
    values: dict[str, list[str]] = {}
    for key, value in msg.raw_items():
        values.setdefault(key.lower(), []).append(value)
    return values


_RAW_NAME = re.compile(r'(?:file)?name\s*=\s*"?([^";]+)"?', re.I)


def _filename(part: Message) -> str | None:
    name = part.get_filename()   # None: no filename and no name parameter
    if name == "":
        name = part.get_param("name")
    if isinstance(name, str) and "\ufffd" in name:
        # a raw 8-bit (GBK) file name: read it from the header as received
        for header in ("Content-Disposition", "Content-Type"):
            match = _RAW_NAME.search(decode_header_text(_raw_header(part, header)) or "")
            if match:
                return decode_header_text(match.group(1))
    if isinstance(name, tuple):  # an RFC 2231 value get_param did not collapse
        charset, _, value = name
        name = decode_bytes(value.encode("latin-1", "replace"), charset)
    return decode_header_text(name)


def html_text(markup: str) -> str:
    """The text of an HTML body, by libxml2's HTML parser: a tag-stripping regex is quadratic on
    unclosed '<', and so is the stdlib's html.parser on '<a' repeated."""
    if not markup.strip():
        return ""
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        parser.feed(markup)
        root = parser.close()
    except etree.LxmlError:
        return ""
    if root is None:
        return ""
    etree.strip_elements(root, "script", "style", "head", with_tail=False)
    return " ".join(piece for piece in root.itertext())


def _body_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    return decode_bytes(payload, part.get_content_charset())


def _replace_surrogates(value, found: list):
    if isinstance(value, str) and _SURROGATES.search(value):
        found.append(True)
        return _SURROGATES.sub("\ufffd", value)
    return value


def parse_message(raw: bytes) -> ParsedMessage:
    msg = split_message(raw)   # the common shape without the feedparser; the same tree
    if msg is None:
        msg = message_from_bytes(raw, policy=policy.compat32)
    headers = _header_values(msg)

    def first(name: str) -> str | None:
        values = headers.get(name)
        return values[0] if values else None

    addresses = getaddresses([decode_header_text(v) or "" for v in headers.get("from", ())])
    from_name, from_address = addresses[0] if addresses else ("", "")
    newest_received = first("received")
    date_header = decode_header_text(first("date"))

    sent_at, time_source = parse_mail_date(date_header), "date"
    if sent_at is None:
        sent_at, time_source = received_date(newest_received), "received"
    if sent_at is None:
        time_source = None

    plain, html, attachments, invalid = [], [], [], []
    attachment_limit = limits().attachment_bytes
    for index, part in enumerate(msg.walk()):
        if part.is_multipart():
            continue
        filename = _filename(part)
        disposition = (part.get_content_disposition() or "").lower()
        content_type = part.get_content_type()   # always one '/': maintype/subtype as the email package splits it
        maintype, subtype = content_type.split("/")
        if filename or disposition == "attachment" or maintype != "text":
            payload = part.get_payload(decode=True) or b""
            if len(payload) > attachment_limit:
                raise Rejected("oversized_attachment", f"attachment {filename or f'part {index}'} is "
                               f"{megabytes(len(payload))}, above the limit of {megabytes(attachment_limit)} "
                               "(GOVINFO_MAX_ATTACHMENT_MB)")
            attachments.append(Attachment(index, filename, content_type, len(payload),
                                          hashlib.sha256(payload).hexdigest()))
        elif subtype == "html":   # its text is only read (by lxml) when the plain parts have none
            html.append(_replace_surrogates(_body_text(part), invalid))
        else:
            plain.append(_body_text(part))
    body = "\n".join(plain) if any(t.strip() for t in plain) else "\n".join(map(html_text, html))

    defects = [type(d).__name__ for part in msg.walk() for d in part.defects]   # decoding a payload adds some

    parsed = ParsedMessage(
        message_id=decode_header_text(first("message-id")),
        from_address=(from_address or "").strip() or None,
        from_name=(from_name or "").strip() or None,
        subject=decode_header_text(first("subject")),
        date_header=date_header,
        received_header=decode_header_text(newest_received),
        sent_at=sent_at,
        time_source=time_source,
        auto_submitted=decode_header_text(first("auto-submitted")),
        content_type=msg.get_content_type(),
        body_text=body.strip(),
        defects=",".join(sorted(set(defects))) or None,
        attachments=attachments,
    )
    return _sound(parsed, invalid)


def _sound(parsed: ParsedMessage, invalid: list) -> ParsedMessage:
    """Lone surrogates replaced by U+FFFD in every field, and the message marked InvalidUnicode."""
    for name in _MESSAGE_FIELDS:
        setattr(parsed, name, _replace_surrogates(getattr(parsed, name), invalid))
    for attachment in parsed.attachments:
        attachment.filename = _replace_surrogates(attachment.filename, invalid)
    if invalid:
        parsed.defects = ",".join(sorted(set((parsed.defects or "").split(",") + [INVALID_UNICODE]) - {""}))
    return parsed
