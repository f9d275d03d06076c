"""RFC 5322 / MIME messages built with the stdlib `email` package (legacy compat32 API), byte-exact.

Every header is written here, pre-encoded and pre-folded, and the generator is told not to
refold, so the caller decides each byte: RFC 2047 encoded words in any charset (UTF-8, GBK,
GB18030, GB2312) and B or Q encoding, RFC 2231 parameters (with continuations), raw 8-bit
UTF-8 headers, base64 / quoted-printable / 8bit bodies. MIME boundaries derive from a key the
caller gives (by default the Message-ID), so the same spec always gives the same bytes.

Nothing in this module knows about a particular city or sample.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import quopri
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.message import Message
from email.policy import compat32
from email.utils import format_datetime
from xml.sax.saxutils import escape

from .documents import content_type_for

POLICY = compat32.clone(linesep="\r\n", max_line_length=0, cte_type="8bit")
FOLD = "\r\n "
MAX_WORD = 75  # RFC 2047: an encoded word is at most 75 characters
_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")
_PCT_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
PREAMBLE = "This is a multi-part message in MIME format."


# --- header encodings -------------------------------------------------------------------------

@dataclass(frozen=True)
class HeaderCharset:
    """How non-ASCII header text is written: RFC 2047 words in `charset` ('B' or 'Q'), or 'raw'
    (8-bit UTF-8 straight into the header, as some clients do)."""
    charset: str = "UTF-8"
    encoding: str = "B"


UTF8_B = HeaderCharset("UTF-8", "B")


def _codec(charset: str) -> str:
    return {"gbk": "gbk", "gb2312": "gb2312", "gb18030": "gb18030"}.get(charset.lower(), charset.lower())


def _encode_chunk(data: bytes, encoding: str) -> str:
    if encoding.upper() == "B":
        return base64.b64encode(data).decode("ascii")
    return "".join(chr(b) if b in _Q_SAFE else ("_" if b == 0x20 else f"={b:02X}") for b in data)


def encoded_words(text: str, style: HeaderCharset = UTF8_B) -> str:
    """`text` as RFC 2047 encoded words (split on character boundaries, each at most 75
    characters), folded with CRLF + space; ASCII-only text is returned unchanged."""
    if text.isascii():
        return text
    if style.encoding == "raw":
        return text.encode("utf-8").decode("ascii", "surrogateescape")
    codec = _codec(style.charset)
    prefix, suffix = f"=?{style.charset}?{style.encoding}?", "?="
    words, current = [], ""
    for ch in text:
        candidate = current + ch
        word = prefix + _encode_chunk(candidate.encode(codec), style.encoding) + suffix
        if len(word) > MAX_WORD and current:
            words.append(prefix + _encode_chunk(current.encode(codec), style.encoding) + suffix)
            current = ch
        else:
            current = candidate
    if current:
        words.append(prefix + _encode_chunk(current.encode(codec), style.encoding) + suffix)
    return FOLD.join(words)


def rfc2231_param(name: str, value: str, charset: str = "utf-8", *, max_piece: int = 0) -> str:
    """`name*=charset''%XX...` (RFC 2231); with `max_piece`, split into `name*0*=`, `name*1*=` ...
    continuations of at most that many characters each (split between whole characters)."""
    codec = _codec(charset)

    def pct(chars: str) -> str:
        return "".join(chr(b) if b in _PCT_SAFE else f"%{b:02X}" for b in chars.encode(codec))

    if not max_piece or len(pct(value)) <= max_piece:
        return f"{name}*={charset}''{pct(value)}"
    pieces, current = [], ""
    for ch in value:
        if current and len(pct(current + ch)) > max_piece:
            pieces.append(current)
            current = ch
        else:
            current += ch
    pieces.append(current)
    out = []
    for index, piece in enumerate(pieces):
        lead = f"{charset}''" if index == 0 else ""
        out.append(f"{name}*{index}*={lead}{pct(piece)}")
    return (";" + FOLD).join(out)


def quoted_param(name: str, value: str, style: HeaderCharset = UTF8_B) -> str:
    """`name="..."`, the value RFC 2047-encoded when not ASCII (what most mail clients write)."""
    return f'{name}="{encoded_words(value, style)}"'


def mailbox(address: str, display_name: str | None = None, style: HeaderCharset = UTF8_B) -> str:
    if not display_name:
        return address
    if display_name.isascii():
        return f'"{display_name}" <{address}>'
    return f"{encoded_words(display_name, style)} <{address}>"


def received_header(from_host: str, from_ip: str, by_host: str, smtp_id: str, when: dt.datetime) -> str:
    return (f"from {from_host} (unknown [{from_ip}]){FOLD}by {by_host} with SMTP id {smtp_id};"
            f"{FOLD}{format_datetime(when)}")


# --- parts ------------------------------------------------------------------------------------

@dataclass
class Body:
    """The text of a message. `html`: 'no' (text/plain), 'alternative' (plain + HTML),
    'only' (text/html alone). `transfer`: base64, quoted-printable or 8bit."""
    text: str
    charset: str = "UTF-8"
    transfer: str = "base64"
    html: str = "no"


@dataclass
class FilePart:
    """One attached file. `name_style`: 'rfc2047' (name="=?cs?B?...?=" in Content-Type and
    Content-Disposition), 'rfc2231' (name*= / filename*=, long values continued), 'ascii'."""
    filename: str
    data: bytes
    content_type: str | None = None
    name_style: str = "rfc2047"
    name_charset: HeaderCharset = UTF8_B
    text_charset: str | None = None  # for text/* attachments: the charset parameter
    inline: bool = False


def _payload(data: bytes, transfer: str) -> str:
    if transfer == "base64":
        return base64.encodebytes(data).decode("ascii")
    if transfer == "quoted-printable":
        return quopri.encodestring(data).decode("ascii")
    if transfer in ("8bit", "7bit"):
        return data.decode("ascii", "surrogateescape")
    raise ValueError(f"unknown transfer encoding {transfer!r}")


def _leaf(content_type: str, data: bytes, transfer: str, extra: list[tuple[str, str]] = ()) -> Message:
    part = Message()
    part["Content-Type"] = content_type
    part["Content-Transfer-Encoding"] = transfer
    for name, value in extra:
        part[name] = value
    part.set_payload(_payload(data, transfer))
    return part


def _html_of(text: str, charset: str) -> str:
    paragraphs = "".join(f"<div>{escape(line) or '<br>'}</div>" for line in text.split("\n"))
    return f'<html><head><meta charset="{charset}"></head><body>{paragraphs}</body></html>'


def body_part(body: Body, boundary: str) -> Message:
    codec = _codec(body.charset)
    plain = _leaf(f'text/plain; charset="{body.charset}"', body.text.encode(codec), body.transfer)
    if body.html == "no":
        return plain
    html_text = _html_of(body.text, body.charset)
    html = _leaf(f'text/html; charset="{body.charset}"', html_text.encode(codec), body.transfer)
    if body.html == "only":
        return html
    alternative = Message()
    alternative["Content-Type"] = f'multipart/alternative;{FOLD}boundary="{boundary}"'
    alternative.set_payload([plain, html])
    return alternative


def file_part(item: FilePart) -> Message:
    ctype = item.content_type or content_type_for(item.filename)
    if item.text_charset and ctype.startswith("text/"):
        ctype = f'{ctype}; charset="{item.text_charset}"'
    disposition = "inline" if item.inline else "attachment"
    if item.name_style == "rfc2231":
        type_param = rfc2231_param("name", item.filename, item.name_charset.charset, max_piece=60)
        disp_param = rfc2231_param("filename", item.filename, item.name_charset.charset, max_piece=60)
    elif item.name_style == "ascii":
        type_param = f'name="{item.filename}"'
        disp_param = f'filename="{item.filename}"'
    else:
        type_param = quoted_param("name", item.filename, item.name_charset)
        disp_param = quoted_param("filename", item.filename, item.name_charset)
    return _leaf(f"{ctype};{FOLD}{type_param}", item.data, "base64",
                 [("Content-Disposition", f"{disposition};{FOLD}{disp_param}")])


# --- whole messages ---------------------------------------------------------------------------

@dataclass
class MessageSpec:
    """Everything one message is made of. `date` None: no Date header (only Received headers).
    `received`: ready Received header values, newest first."""
    message_id: str
    from_address: str
    to_address: str
    subject: str
    date: dt.datetime | None
    from_name: str | None = None
    to_name: str | None = None
    header_charset: HeaderCharset = UTF8_B
    received: list[str] = field(default_factory=list)
    body: Body | None = None
    files: list[FilePart] = field(default_factory=list)
    mailer: str | None = None
    extra_headers: list[tuple[str, str]] = field(default_factory=list)
    boundary_key: str | None = None


def boundary_for(key: str, level: int) -> str:
    digest = hashlib.sha1(f"{key}/{level}".encode("utf-8")).hexdigest()[:24].upper()
    return f"----=_Part_{level}_{digest}"


def _top_headers(msg: Message, spec: MessageSpec) -> None:
    for value in spec.received:
        msg["Received"] = value
    if spec.date is not None:
        msg["Date"] = format_datetime(spec.date)
    msg["From"] = mailbox(spec.from_address, spec.from_name, spec.header_charset)
    msg["To"] = mailbox(spec.to_address, spec.to_name, spec.header_charset)
    msg["Subject"] = encoded_words(spec.subject, spec.header_charset)
    msg["Message-ID"] = spec.message_id
    if spec.mailer:
        msg["X-Mailer"] = spec.mailer
    for name, value in spec.extra_headers:
        msg[name] = value
    msg["MIME-Version"] = "1.0"


def _copy_content(target: Message, source: Message) -> None:
    for name, value in source.items():
        target[name] = value
    # as stored: get_payload() would turn an 8bit body's surrogate escapes into text the generator cannot write
    target.set_payload(source._payload)
    target.preamble = source.preamble


def build_message(spec: MessageSpec) -> Message:
    key = spec.boundary_key or spec.message_id
    msg = Message()
    _top_headers(msg, spec)
    body = body_part(spec.body or Body(""), boundary_for(key, 2))
    if not spec.files:
        _copy_content(msg, body)
        if body.is_multipart():
            msg.preamble = PREAMBLE
        return msg
    msg["Content-Type"] = f'multipart/mixed;{FOLD}boundary="{boundary_for(key, 1)}"'
    msg.preamble = PREAMBLE
    msg.set_payload([body, *(file_part(f) for f in spec.files)])
    return msg


def delivery_report(spec: MessageSpec, *, reporting_mta: str, recipient: str, status: str,
                    diagnostic: str, arrival: dt.datetime, original_headers: str) -> Message:
    """A multipart/report; report-type=delivery-status (RFC 3464): explanation, status fields,
    and the returned message's headers (text/rfc822-headers). spec.body is the explanation."""
    key = spec.boundary_key or spec.message_id
    msg = Message()
    _top_headers(msg, spec)
    msg["Content-Type"] = (f"multipart/report; report-type=delivery-status;{FOLD}"
                           f'boundary="{boundary_for(key, 1)}"')
    msg.preamble = PREAMBLE
    explanation = body_part(spec.body or Body(""), boundary_for(key, 2))
    per_message, per_recipient = Message(), Message()
    per_message["Reporting-MTA"] = f"dns; {reporting_mta}"
    per_message["Arrival-Date"] = format_datetime(arrival)
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = status
    per_recipient["Diagnostic-Code"] = f"smtp; {diagnostic}"
    status_part = Message()
    status_part["Content-Type"] = "message/delivery-status"
    status_part.set_payload([per_message, per_recipient])
    headers_part = _leaf("text/rfc822-headers", original_headers.encode("utf-8"), "7bit")
    msg.set_payload([explanation, status_part, headers_part])
    return msg


def message_bytes(msg: Message) -> bytes:
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=POLICY).flatten(msg)
    return out.getvalue()
