"""The mail reader on real message bytes: encodings, file names, dates, and what is not a submission."""
from __future__ import annotations

import base64
import datetime as dt

from ingestion.mail_message import parse_message


def _b64(text: str, charset: str) -> str:
    return base64.b64encode(text.encode(charset)).decode()


def test_gbk_subject_and_body_are_decoded():
    raw = (
        "From: =?GBK?B?" + _b64("市农牧局", "gbk") + "?= <nmj@example.org>\r\n"
        "Subject: =?GBK?B?" + _b64("【市农牧局】春耕备耕工作进展", "gbk") + "?=\r\n"
        "Date: Mon, 06 May 2024 10:00:00 +0800\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n" + _b64("正文：镕", "gbk") + "\r\n"
    ).encode("ascii")
    msg = parse_message(raw)
    assert msg.subject == "【市农牧局】春耕备耕工作进展"
    assert msg.from_name == "市农牧局" and msg.from_address == "nmj@example.org"
    # 镕 is GBK, not GB2312: the body labelled gb2312 still decodes
    assert msg.body_text == "正文：镕"


def test_rfc2231_and_rfc2047_file_names_and_upper_case_extension():
    raw = (
        "From: a@example.org\r\nSubject: two files\r\nDate: Tue, 07 May 2024 08:00:00 +0800\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
        "--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhi\r\n"
        "--XX\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename*=utf-8''%E6%98%A5%E8%80%95%E5%A4%87%E8%80%95.DOCX\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
        "--XX\r\nContent-Type: application/pdf; name=\"=?gb18030?B?" + _b64("【约稿3】枸杞采摘", "gb18030") + "?=.pdf\"\r\n"
        "Content-Disposition: attachment; filename=\"=?gb18030?B?" + _b64("【约稿3】枸杞采摘", "gb18030") + "?=.pdf\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
        "--XX--\r\n"
    ).encode("ascii")
    msg = parse_message(raw)
    assert [a.filename for a in msg.attachments] == ["春耕备耕.DOCX", "【约稿3】枸杞采摘.pdf"]
    assert [a.size for a in msg.attachments] == [3, 3]
    assert msg.body_text == "hi"


def test_raw_8bit_gbk_header_is_recovered():
    raw = b"From: b@example.org\r\nSubject: " + "市统计局信息".encode("gbk") + b"\r\n\r\nbody\r\n"
    assert parse_message(raw).subject == "市统计局信息"


def test_date_converted_to_shanghai_and_received_fallback():
    utc = parse_message(b"From: a@x.org\r\nSubject: s\r\nDate: Tue, 30 Apr 2024 16:30:00 +0000\r\n\r\nx\r\n")
    assert utc.sent_at == dt.datetime(2024, 5, 1, 0, 30) and utc.time_source == "date"
    no_date = parse_message(
        b"Received: from mx2 by mx3; Wed, 08 May 2024 02:00:00 +0000\r\n"
        b"Received: from client by mx2; Wed, 08 May 2024 01:59:00 +0000\r\n"
        b"From: a@x.org\r\nSubject: s\r\n\r\nx\r\n")
    # the newest (topmost) Received header counts
    assert no_date.sent_at == dt.datetime(2024, 5, 8, 10, 0) and no_date.time_source == "received"
    garbled = parse_message(b"From: a@x.org\r\nSubject: s\r\nDate: someday soon\r\n\r\nx\r\n")
    assert garbled.sent_at is None and garbled.time_source is None


def test_auto_reply_header_and_missing_from_are_kept_as_facts():
    msg = parse_message(b"Auto-Submitted: auto-replied\r\nSubject: =?utf-8?B?" +
                        base64.b64encode("自动回复：收到".encode()) + b"?=\r\n\r\nok\r\n")
    assert msg.auto_submitted == "auto-replied"
    assert msg.subject == "自动回复：收到"
    assert msg.from_address is None


def test_nameless_attachment_is_kept_with_its_type():
    raw = (b"From: a@x.org\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: application/msword\r\nContent-Disposition: attachment\r\n\r\nDOC\r\n--B--\r\n")
    [att] = parse_message(raw).attachments
    assert att.filename is None and att.content_type == "application/msword"


def test_raw_8bit_gbk_file_name_is_recovered():
    raw = (b"From: a@x.org\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: application/msword\r\nContent-Disposition: attachment; filename=\""
           + "市统计局月报.doc".encode("gbk") + b"\"\r\n\r\nDOC\r\n--B--\r\n")
    [att] = parse_message(raw).attachments
    assert att.filename == "市统计局月报.doc"


def test_worker_processes_give_what_is_read_in_process():
    """The sample's messages through two `python -m ingestion.mail_reader` workers: the same chunks, in order."""
    from pathlib import Path

    from ingestion.mail_reader import PARALLEL_FROM, read_messages

    paths = sorted((Path(__file__).resolve().parents[1] / "samples" / "golmud-2024" / "mail").rglob("*.eml"))
    assert len(paths) >= PARALLEL_FROM
    assert list(read_messages(paths, workers=2)) == list(read_messages(paths, workers=1))
