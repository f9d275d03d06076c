"""The email package's compat32 message tree for the common shape of a message, cut without its feedparser.

message_from_bytes(raw, policy=compat32) reads a message line by line in pure Python and compiles a
regular expression for every multipart boundary: most of what reading a message costs. A message as mail
clients write it (headers, then one body or parts between boundary lines, parts in parts; CRLF or LF
line ends) is cut here with str.find into the very tree the feedparser builds: the same headers through the
same compat32 header parse, the same payloads, preamble and epilogue, and no defects. Whatever would give
the feedparser a defect or a path this does not follow (message/* parts, multipart/digest, parts
nested deeper than a few levels, an envelope From line, a header line it would not read as one,
repeated boundary lines, lone CR line ends) gives None, and the caller parses with the stdlib.
tests/test_mime_split.py compares both trees on the sample, generated and hostile messages.
"""
from __future__ import annotations

import re
from email import policy
from email.message import Message

# a header line as the feedparser's headerRE reads one, without its 'From ' and empty-name cases
_HEADER_LINE = re.compile(r"[\041-\071\073-\176]+:")
# what may follow '--' + boundary on a boundary line: the feedparser's boundary pattern after its separator
_BOUNDARY_END = re.compile(r"(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$")
_PART_ENCODINGS = ("7bit", "8bit", "binary")   # of a multipart; any other is a defect
_MAX_DEPTH = 4   # deeper nesting is left to the feedparser


def split_message(raw: bytes) -> Message | None:
    """The compat32 tree message_from_bytes would build, or None when this message needs the feedparser."""
    text = raw.decode("ascii", "surrogateescape")
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    msg = Message(policy=policy.compat32)
    return msg if _fill(msg, text, 0, len(text), 0) else None


def _fill(msg: Message, text: str, start: int, end: int, depth: int) -> bool:
    """Headers and body of the message in text[start:end] (a part of a multipart from depth 1 on), as the
    feedparser sets them; False where its path differs."""
    body = _headers(text, start, end, msg)
    if body is None:
        return False
    maintype = msg.get_content_maintype()
    if maintype == "message":
        return False
    if maintype != "multipart":   # a part's last line end belongs to the boundary line after it
        msg.set_payload(_strip_eol(text[body:end]) if depth else text[body:end])
        return True
    boundary = msg.get_boundary()
    if (boundary is None or depth >= _MAX_DEPTH or msg.get_content_type() == "multipart/digest"
            or str(msg.get("content-transfer-encoding", "8bit")).lower() not in _PART_ENCODINGS):
        return False
    lines = _boundary_lines(text, body, end, "--" + boundary)
    if (len(lines) < 2 or lines[0][2] or not lines[-1][2]
            or any(lines[k][1] == lines[k + 1][0] for k in range(len(lines) - 1))):
        return False
    if lines[0][0] > body:
        msg.preamble = _strip_eol(text[body:lines[0][0]])
    for (_, part_start, _), (part_end, _, _) in zip(lines, lines[1:]):
        part = Message(policy=policy.compat32)
        msg.attach(part)
        if not _fill(part, text, part_start, part_end, depth + 1):
            return False
    epilogue = text[lines[-1][1]:end]
    if depth:   # a nested multipart's epilogue: its last line end belongs to the boundary line after it
        epilogue = _strip_eol(epilogue) if epilogue else None
    msg.epilogue = epilogue
    return True


def _headers(text: str, start: int, end: int, msg: Message) -> int | None:
    """Set the header lines from start up to a blank line on msg; where the body starts, or None."""
    fields: list[list[str]] = []
    pos = start
    while True:
        newline = text.find("\n", pos, end)
        if newline < 0:
            return None   # no blank line before the end: the feedparser's path differs
        line = text[pos:newline + 1]
        pos = newline + 1
        if line == "\n" or line == "\r\n":
            break
        if line[0] in " \t":
            if not fields:
                return None
            fields[-1].append(line)
        elif _HEADER_LINE.match(line):
            fields.append([line])
        else:
            return None
    for source in fields:
        msg.set_raw(*policy.compat32.header_source_parse(source))
    return pos


def _boundary_lines(text: str, body: int, end: int, separator: str) -> list[tuple[int, int, bool]]:
    """(start, end, closing) of each boundary line in text[body:end], up to the first closing one."""
    found = []
    pos = body
    while (at := text.find(separator, pos, end)) >= 0:
        newline = text.find("\n", at, end)
        line_end = end if newline < 0 else newline + 1
        if at == body or text[at - 1] == "\n":
            match = _BOUNDARY_END.match(text, at + len(separator), line_end)
            if match:
                found.append((at, line_end, bool(match.group("end"))))
                if match.group("end"):
                    break
        pos = line_end
    return found


def _strip_eol(value: str) -> str:
    """Without its last line end, which RFC 2046 gives to the boundary line that follows."""
    if value.endswith("\r\n"):
        return value[:-2]
    if value.endswith("\n"):
        return value[:-1]
    return value
