"""The message cutter (ingestion/mime_split.py) builds the very tree the stdlib's feedparser builds, or
declines: on the bundled sample's messages and on every shape of multipart that is cut or passed on."""
from __future__ import annotations

from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import pytest

from ingestion.mime_split import split_message

SAMPLE_MAIL = Path(__file__).resolve().parents[1] / "samples" / "golmud-2024" / "mail"
HEAD = "From: a@example.org\r\nSubject: s\r\nDate: Mon, 06 May 2024 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"


def _tree(msg: Message) -> dict:
    """Everything a Message holds: headers as received, payloads, preamble, epilogue, defects, default type."""
    state = dict(vars(msg))
    state["defects"] = [(type(d).__name__, str(d)) for d in msg.defects]
    payload = state.pop("_payload")
    state["_payload"] = [_tree(part) for part in payload] if isinstance(payload, list) else payload
    state["policy"] = repr(msg.policy)
    return state


def _multipart(body: str, ctype: str = "multipart/mixed; boundary=B", extra: str = "") -> bytes:
    return (HEAD + extra + f"Content-Type: {ctype}\r\n\r\n" + body).encode("utf-8")


TEXT = "Content-Type: text/plain; charset=utf-8\r\n\r\n"
DOC = "Content-Type: application/msword\r\nContent-Disposition: attachment; filename=a.doc\r\n" \
      "Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"

CUT = {   # shapes the cutter takes: its tree must be the feedparser's
    "plain": (HEAD + TEXT + "hello\r\n\r\n").encode(),
    "plain LF": (HEAD + TEXT + "hello\n").replace("\r\n", "\n").encode(),
    "no headers": b"\r\nbody only\r\n",
    "8-bit body and header value": HEAD.encode() + "Subject: 市局\r\n\r\n正文\r\n".encode("gbk"),
    "parts": _multipart(f"--B\r\n{TEXT}hi\r\n--B\r\n{DOC}--B--\r\n"),
    "parts LF": _multipart(f"--B\r\n{TEXT}hi\r\n--B\r\n{DOC}--B--\r\n").replace(b"\r\n", b"\n"),
    "mixed line ends": _multipart(f"--B\n{TEXT}hi\n--B\r\n{DOC}--B--\n"),
    "preamble and epilogue": _multipart(f"This is MIME.\r\n\r\n--B\r\n{TEXT}hi\r\n--B--\r\nafter\r\nmore\r\n"),
    "close boundary at the end": _multipart(f"--B\r\n{TEXT}hi\r\n--B--"),
    "boundary line with blanks": _multipart(f"--B \t\r\n{TEXT}hi\r\n--B-- \r\n"),
    "quoted boundary, folded header": _multipart(f"--a:b=c\r\n{TEXT}hi\r\n--a:b=c--\r\n",
                                                 'multipart/mixed;\r\n boundary="a:b=c"'),
    "look-alike boundary lines": _multipart(f"--B\r\n{TEXT}--Bx\r\n x--B\r\n--B-x\r\n--B\r\n{DOC}--B--\r\n"),
    "empty part body": _multipart(f"--B\r\n{TEXT}--B\r\n{TEXT}\r\n--B--\r\n"),
    "part without headers": _multipart("--B\r\n\r\njust text\r\n--B--\r\n"),
    "nested": _multipart(f"--B\r\nContent-Type: multipart/alternative; boundary=C\r\n\r\n--C\r\n{TEXT}hi\r\n"
                         "--C\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--C--\r\n\r\n"
                         f"--B\r\n{DOC}--B--\r\n"),
    "nested with epilogue": _multipart(f"--B\r\nContent-Type: multipart/alternative; boundary=C\r\n\r\n--C\r\n"
                                       f"{TEXT}hi\r\n--C--\r\ntail\r\n\r\n--B\r\n{DOC}--B--\r\n"),
    "nested, inner epilogue empty": _multipart(f"--B\r\nContent-Type: multipart/alternative; boundary=C\r\n\r\n"
                                               f"--C\r\n{TEXT}hi\r\n--C--\r\n--B--\r\n"),
    "multipart 8bit": _multipart(f"--B\r\n{TEXT}hi\r\n--B--\r\n", extra="Content-Transfer-Encoding: 8bit\r\n"),
    "RFC 2231 boundary": _multipart(f"--B\r\n{TEXT}hi\r\n--B--\r\n", "multipart/mixed; boundary*=us-ascii''B"),
}
PASSED_ON = {   # shapes the feedparser notes a defect in or reads its own way: the cutter declines
    "lone CR": _multipart(f"--B\r\n{TEXT}hi\rthere\r\n--B--\r\n"),
    "no close boundary": _multipart(f"--B\r\n{TEXT}hi\r\n"),
    "no start boundary": _multipart("just text\r\n--B--\r\n"),
    "no boundary parameter": _multipart(f"--B\r\n{TEXT}hi\r\n--B--\r\n", "multipart/mixed"),
    "boundaries repeated": _multipart(f"--B\r\n--B\r\n{TEXT}hi\r\n--B--\r\n"),
    "boundary then close": _multipart(f"--B\r\n{TEXT}hi\r\n--B\r\n--B--\r\n"),
    "multipart base64": _multipart(f"--B\r\n{TEXT}hi\r\n--B--\r\n", extra="Content-Transfer-Encoding: base64\r\n"),
    "digest": _multipart(f"--B\r\n\r\nFrom: x\r\n\r\nx\r\n--B--\r\n", "multipart/digest; boundary=B"),
    "message part": _multipart(f"--B\r\nContent-Type: message/rfc822\r\n\r\n{HEAD}\r\nx\r\n--B--\r\n"),
    "message": (HEAD + "Content-Type: message/rfc822\r\n\r\n" + HEAD + "\r\nx\r\n").encode(),
    "envelope From line": b"From someone Mon May  6 10:00:00 2024\r\n" + (HEAD + TEXT + "x\r\n").encode(),
    "no header/body separator": (HEAD + "this is no header\r\nbody\r\n").encode(),
    "headers only": HEAD.encode(),
    "first header line folded": (" folded\r\n" + HEAD + TEXT + "x\r\n").encode(),
    "empty header name": (HEAD + ": nameless\r\n" + TEXT + "x\r\n").encode(),
    "8-bit header name": HEAD.encode() + "主题: x\r\n\r\nx\r\n".encode("gbk"),
    "part runs into the boundary": _multipart("--B\r\nContent-Type: text/plain\r\n--B--\r\n"),
    "nested without inner close": _multipart(f"--B\r\nContent-Type: multipart/alternative; boundary=C\r\n\r\n"
                                             f"--C\r\n{TEXT}hi\r\n--B--\r\n"),
    "nested too deep": _multipart("".join(f"--B{n}\r\nContent-Type: multipart/mixed; boundary=B{n + 1}\r\n\r\n"
                                          for n in range(5)) + f"--B5\r\n{TEXT}x\r\n"
                                  + "".join(f"--B{n}--\r\n" for n in range(5, -1, -1)), "multipart/mixed; boundary=B0"),
}


@pytest.mark.parametrize("raw", CUT.values(), ids=CUT.keys())
def test_a_common_shape_is_cut_into_the_feedparsers_tree(raw):
    cut = split_message(raw)
    assert cut is not None
    assert _tree(cut) == _tree(message_from_bytes(raw, policy=policy.compat32))


@pytest.mark.parametrize("raw", PASSED_ON.values(), ids=PASSED_ON.keys())
def test_an_unusual_shape_is_left_to_the_feedparser(raw):
    assert split_message(raw) is None


def test_every_sample_message_gives_the_feedparsers_tree():
    files = sorted(SAMPLE_MAIL.rglob("*.eml"))
    assert len(files) > 1000
    passed_on = []
    for path in files:
        raw = path.read_bytes()
        full = message_from_bytes(raw, policy=policy.compat32)
        tree = split_message(raw)
        if tree is None:
            passed_on.append(path.name)
            # the sample is as mail clients write: only a message holding a message (a bounce) is left
            assert any(part.get_content_maintype() == "message" for part in full.walk()), path.name
        else:
            assert _tree(tree) == _tree(full), path.name
    assert len(passed_on) < len(files) / 100
