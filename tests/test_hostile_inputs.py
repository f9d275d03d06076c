"""Hostile and broken inputs, each built for real (.eml bytes, .xlsx zips, symlinks) beside a small
valid inputs folder: the run completes, each bad file is named with its reason, the good inputs are
still counted, and nothing from outside the inputs folder reaches the warehouse."""
from __future__ import annotations

import csv
import os
import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import duckdb
import pytest
from builders import message, registry, workbook_bytes, write_eml, write_workbook

from govinfo.config import Paths
from govinfo.pipeline import ingest_step, run_period, validate_step

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.datasets import write_streamed_workbook  # noqa: E402

pytestmark = pytest.mark.pipeline

UNITS = [["格尔木市甲局", "市甲局", "甲局", "jia@example.org", None],
         ["格尔木市乙局", "市乙局", "乙局", "yi@example.org", None]]
MAY = "Mon, 06 May 2024 10:00:00 +0800"
MB = 1024 * 1024
SECRET = "SECRET-OUTSIDE-THE-INPUTS-7f3a"
PAPER = ["报送日期", "单位名称", "信息标题"]
# limits lowered for the run so that the size cases stay small (README: the environment variables)
LIMITS = {"GOVINFO_MAX_MESSAGE_MB": "5", "GOVINFO_MAX_ATTACHMENT_MB": "1", "GOVINFO_MAX_REGISTER_ROWS": "50"}

# (case, source file, sheet, reason) of each input that must be named in raw.ingest_issues
EXPECTED_ISSUES = [
    ("a link to a file outside the inputs", "mail/passwd.eml", None, "link_outside_inputs"),
    ("a link to a workbook outside the inputs", "sheets/outside.xlsx", None, "link_outside_inputs"),
    ("a symlinked folder pointing outside", "mail/elsewhere", None, "link_outside_inputs"),
    ("a symlink loop", "mail/loop.eml", None, "broken_link"),
    ("a folder link to its own parent", "mail/sub/up", None, "broken_link"),
    ("a dangling link", "mail/gone.eml", None, "broken_link"),
    ("a link to a message read under its own name", "mail/again.eml", None, "linked_copy"),
    ("a named pipe", "mail/pipe.eml", None, "not_an_input"),
    ("a message over the size limit", "mail/huge.eml", None, "oversized_message"),
    ("an attachment over the size limit", "mail/huge-attachment.eml", None, "oversized_attachment"),
    ("an entity bomb in sharedStrings.xml", "sheets/bomb-strings.xlsx", None, "unsafe_workbook"),
    ("an entity bomb in a sheet", "sheets/bomb-sheet.xlsx", None, "unsafe_workbook"),
    ("damaged deflate data", "sheets/damaged.xlsx", None, "unreadable_workbook"),
    ("a sheet part over 50 MB uncompressed", "sheets/zip-bomb.xlsx", None, "oversized_workbook"),
    ("a part holding more than its declared size", "sheets/lying-size.xlsx", None, "unreadable_workbook"),
    ("a register over the row limit", "sheets/many-rows.xlsx", None, "oversized_workbook"),
    ("A1 and XFD1048576 in an unused sheet", "sheets/far-cell.xlsx", "备注", "unknown_sheet"),
    ("a million rows in an unused sheet", "sheets/row-bomb.xlsx", "数据", "unknown_sheet"),
    ("a title cell of 1 MB of 【", "sheets/long-title.xlsx", "纸质报送", "long_cell"),
    ("a message with a hidden name", "mail/.hidden.eml", None, "hidden_file"),
    ("a hidden folder of messages (Maildir++ .Trash)", "mail/.Trash", None, "hidden_file"),
    ("macOS's .DS_Store among the workbooks", "sheets/.DS_Store", None, "hidden_file"),
    ("LibreOffice's lock file", "sheets/.~lock.registry.xlsx#", None, "hidden_file"),
    ("Excel's ~$ lock file of an open workbook", "sheets/~$registry.xlsx", None, "office_lock_file"),
]


def _zip_parts(path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _workbook_parts(sheets: dict[str, list[list]]) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(workbook_bytes(sheets))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _with_shared_strings(parts: dict[str, bytes], strings: bytes) -> dict[str, bytes]:
    """The workbook's first inline-string cell moved to xl/sharedStrings.xml (as Excel writes them):
    strings is the part's <si> content."""
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<c r="([A-Z]+2)" t="inlineStr"><is>.*?</is></c>', rb'<c r="\1" t="s"><v>0</v></c>',
                          parts[sheet], count=1)
    parts["xl/sharedStrings.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                                     b'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si>'
                                     + strings + b"</si></sst>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml" Id="rId9"/></Relationships>'))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'))
    return parts


_BILLION_LAUGHS = b'<!DOCTYPE x [<!ENTITY e0 "ha">' + b"".join(
    b'<!ENTITY e%d "%s">' % (i, (b"&e%d;" % (i - 1)) * 10) for i in range(1, 10)) + b"]>"


def _entity_bomb_in_strings(path) -> None:
    parts = _with_shared_strings(_workbook_parts({"纸质报送": [PAPER, ["2024-05-08", "市甲局", "x"]]}), b"<t>&e9;</t>")
    name = "xl/sharedStrings.xml"
    parts[name] = parts[name].replace(b"?>", b"?>" + _BILLION_LAUGHS, 1)
    _zip_parts(path, parts)


def _entity_bomb_in_sheet(path) -> None:
    parts = _workbook_parts({"纸质报送": [PAPER, ["2024-05-08", "市甲局", "x"]]})
    name = "xl/worksheets/sheet1.xml"
    parts[name] = _BILLION_LAUGHS + parts[name].replace(b"<t>x</t>", b"<t>&e9;</t>")
    _zip_parts(path, parts)


def _far_cell_sheet(path) -> None:
    """An unused sheet with one cell in A1 and one in XFD1048576, its <dimension> saying so."""
    parts = _workbook_parts({"纸质报送": [PAPER], "备注": [["x"]]})
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', parts[sheet]).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    _zip_parts(path, parts)


def _zip_bomb(path) -> None:
    """sharedStrings.xml of one 60 MB cell, deflated to a few hundred KB."""
    parts = _with_shared_strings(_workbook_parts({"纸质报送": [PAPER, ["2024-05-08", "市甲局", "x"]]}), b"<t>x</t>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name == "xl/sharedStrings.xml":
                with archive.open(name, "w", force_zip64=True) as part:
                    head, _, tail = data.partition(b"<t>x")
                    part.write(head + b"<t>")
                    for _ in range(60):
                        part.write(b"a" * MB)
                    part.write(tail)
            else:
                archive.writestr(name, data)


def _lying_size(path) -> None:
    """A sheet whose zip directory says 200 bytes while its deflate data holds 40 MB."""
    parts = _workbook_parts({"纸质报送": [PAPER, ["2024-05-08", "市甲局", "说谎的大小"]]})
    sheet = "xl/worksheets/sheet1.xml"
    real = parts[sheet].replace(b"</sheetData>", b"</sheetData>" + b" " * (40 * MB))
    _zip_parts(path, {**parts, sheet: real})
    data = bytearray(path.read_bytes())
    name = sheet.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + size_at:at + size_at + 4] = (200).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def _damaged(path) -> None:
    """Zip directory intact, the deflate data of the sheet overwritten."""
    parts = _workbook_parts({"纸质报送": [PAPER, ["2024-05-08", "市甲局", "损坏" * 200]]})
    _zip_parts(path, parts)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 20] = b"\xff" * 20
    path.write_bytes(bytes(data))


def _raw_mail(sender: str, subject: str, content_type: str, body: bytes) -> bytes:
    """A message as bytes, the subject raw UTF-8 (as some clients send it)."""
    return (f"From: {sender}\r\nTo: office@example.org\r\nSubject: {subject}\r\nDate: {MAY}\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n\r\n").encode() + body + b"\r\n"


def _build(root):
    inputs, outside = root / "inputs", root / "outside"
    sheets, mail = inputs / "sheets", inputs / "mail"
    write_workbook(sheets / "registry.xlsx", registry(UNITS))
    # outside the inputs folder: a file, a workbook and a folder of messages that must never be read
    outside.mkdir()
    (outside / "passwd").write_text(f"root:x:0:0:{SECRET}:/root:/bin/sh\n")
    write_workbook(outside / "book.xlsx", {"纸质报送": [PAPER, ["2024-05-08", "市甲局", SECRET]]})
    write_eml(outside / "msgs", "x.eml", message(sender="jia@example.org", subject=SECRET, date=MAY, body=SECRET))

    good = message(sender="jia@example.org", subject="甲局正常报送", date=MAY, attachments=[("甲局春耕.docx", b"1")])
    write_eml(mail, "good.eml", good)
    os.symlink(outside / "passwd", mail / "passwd.eml")
    os.symlink(outside / "book.xlsx", sheets / "outside.xlsx")
    os.symlink(outside / "msgs", mail / "elsewhere")
    os.symlink(mail / "loop.eml", mail / "loop.eml")
    os.symlink(mail / "nothing-here.eml", mail / "gone.eml")
    os.symlink(mail / "good.eml", mail / "again.eml")
    write_eml(mail / "sub", "in-sub.eml", message(sender="yi@example.org", subject="乙局子目录里的信息", date=MAY,
                                                  body="正文"))
    os.symlink(mail / "sub", mail / "linked-sub")          # a folder linked inside: read (once, as sub/)
    os.symlink(mail, mail / "sub" / "up")                  # a folder link to an ancestor: a loop
    os.mkfifo(mail / "pipe.eml")
    # hidden names and lock files: reported, not read; the IMAP archive's own state is neither
    write_eml(mail, ".hidden.eml", message(sender="jia@example.org", subject="甲局隐藏文件", date=MAY, body="正文"))
    write_eml(mail / ".Trash" / "cur", "1.eml", message(sender="jia@example.org", subject="甲局已删除", date=MAY,
                                                        body="正文"))
    (sheets / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (sheets / ".~lock.registry.xlsx#").write_text("某人,PC,10.05.2024 09:00,\n")
    (sheets / "~$registry.xlsx").write_bytes(b"\x05" + "某人".encode("utf-16-le").ljust(164, b" "))
    (mail / "imap" / ".state").mkdir(parents=True)
    (mail / "imap" / ".state" / ".index.jsonl").write_text("")

    write_eml(mail, "huge.eml", message(sender="jia@example.org", subject="太大", date=MAY, body="大" * (2 * MB)))
    write_eml(mail, "huge-attachment.eml", message(sender="jia@example.org", subject="附件太大", date=MAY,
                                                    attachments=[("大附件.pdf", b"%" * (MB + MB // 2))]))
    # 1 MB of each text path's worst character
    write_eml(mail, "html-lt.eml", _raw_mail("jia@example.org", "甲局HTML正文", "text/html", b"<" * MB))
    write_eml(mail, "html-a.eml", _raw_mail("yi@example.org", "乙局HTML", "text/html", b"<a" * (MB // 2)))
    write_eml(mail, "subject-tags.eml", _raw_mail("jia@example.org", "【" * MB, "text/plain", "正文".encode()))
    write_eml(mail, "filename-tags.eml", _raw_mail(
        "jia@example.org", "附件名", "multipart/mixed; boundary=B", b"--B\r\nContent-Type: application/msword\r\n"
        b'Content-Disposition: attachment; filename="' + ("【" * MB).encode() + b'.docx"\r\n\r\ndoc\r\n--B--\r\n'))
    # UTF-7 that decodes to a lone surrogate: body, RFC 2047 subject, RFC 2231 file name
    write_eml(mail, "utf7.eml", (
        b"From: jia@example.org\r\nTo: office@example.org\r\nSubject: =?utf-7?Q?+2D0-abc?=\r\n"
        b"Date: " + MAY.encode() + b"\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
        b"--B\r\nContent-Type: text/plain; charset=utf-7\r\n\r\n+2D0-body+3gA-\r\n"
        b"--B\r\nContent-Type: application/msword\r\nContent-Disposition: attachment; filename*=utf-7''%2B2D0-x.doc"
        b"\r\n\r\ndoc\r\n--B--\r\n"))
    # an impossible zone: the newest Received gives the time
    write_eml(mail, "zone.eml", message(sender="yi@example.org", subject="乙局时区", date="Mon, 06 May 2024 10:00:00 +9999",
                                        body="正文", headers={"Received": "from a by b; Tue, 07 May 2024 08:00:00 +0800"}))
    write_eml(mail, "overflow.eml", message(sender="yi@example.org", subject="乙局溢出",
                                            date="Fri, 31 Dec 9999 23:59:59 -1200", body="正文",
                                            headers={"Received": "from a by b; Wed, 08 May 2024 08:00:00 +0800"}))
    # one Message-ID, different contents; a stranger's forged copy sorts first
    write_eml(mail, "a-forged.eml", message(sender="x@qq.com", subject="伪造", date=MAY, body="推销",
                                            headers={"Message-ID": "<jia-1@example.org>"}))
    write_eml(mail, "m-jia.eml", message(sender="jia@example.org", subject="甲局真正的信息", date=MAY, body="正文",
                                         headers={"Message-ID": "<jia-1@example.org>"}))
    write_eml(mail, "m-jia-2.eml", message(sender="jia@example.org", subject="甲局另一篇信息", date=MAY, body="正文",
                                           headers={"Message-ID": "<jia-1@example.org>"}))

    _entity_bomb_in_strings(sheets / "bomb-strings.xlsx")
    _entity_bomb_in_sheet(sheets / "bomb-sheet.xlsx")
    _damaged(sheets / "damaged.xlsx")
    _zip_bomb(sheets / "zip-bomb.xlsx")
    _lying_size(sheets / "lying-size.xlsx")
    write_workbook(sheets / "many-rows.xlsx", {"纸质报送": [PAPER] + [["2024-05-08", "市甲局", f"第{n}篇"]
                                                                        for n in range(60)]})
    _far_cell_sheet(sheets / "far-cell.xlsx")
    write_streamed_workbook(sheets / "row-bomb.xlsx", {"纸质报送": [PAPER], "数据": ([1] for _ in range(1_000_000))})
    # openpyxl cuts what it writes to Excel's 32,767 characters: the 1 MB cell is put in the XML itself
    parts = _workbook_parts({"纸质报送": [PAPER, ["2024-05-09", "市乙局", "LONG"], ["2024-05-09", "市乙局", "乙局纸质报送"]]})
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<t>LONG</t>", b"<t>" + ("【" * MB).encode() + b"</t>")
    _zip_parts(sheets / "long-title.xlsx", parts)
    gbk = os.fsencode(sheets) + b"/" + "纸质报送登记.xlsx".encode("gbk")
    write_workbook(sheets / "tmp.xlsx", {"纸质报送": [PAPER, ["2024-05-10", "市乙局", "GBK文件名里的报送"]]})
    os.rename(os.fsencode(sheets / "tmp.xlsx"), gbk)
    return inputs


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    inputs = _build(root)
    paths = Paths.resolve(inputs, root / "wh" / "g.duckdb", root / "pub")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in LIMITS.items():
            patch.setenv(name, value)
        lines = run_period(paths, "2024-05", progress=lambda _: None)
    with open(paths.publish_dir / "2024-05" / "rejected.csv", encoding="utf-8-sig") as handle:
        rejected = list(csv.DictReader(handle))
    with open(paths.publish_dir / "2024-05" / "annex.csv", encoding="utf-8-sig") as handle:
        annex = {r["unit"]: r for r in csv.DictReader(handle)}
    return paths, lines, rejected, annex


def _query(paths, sql, params=()):
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.mark.parametrize("case,source_file,sheet,reason", EXPECTED_ISSUES, ids=[c[0] for c in EXPECTED_ISSUES])
def test_each_hostile_file_is_named_in_rejected_csv_with_its_reason(hostile_run, case, source_file, sheet, reason):
    _, _, rejected, _ = hostile_run
    found = [r for r in rejected if r["source_file"] == source_file and r["reason"] == reason
             and r["sheet"] == (sheet or r["sheet"])]
    assert found, f"{case}: {[r for r in rejected if r['source_file'] == source_file]}"
    assert found[0]["detail"], case


def test_every_reason_has_its_chinese_text_and_the_archive_state_is_not_an_input(hostile_run):
    paths, _, rejected, _ = hostile_run
    assert [r["reason"] for r in rejected if r["reason_text"] == r["reason"]] == []
    assert [r for r in rejected if r["source_file"].startswith("mail/imap")] == []
    subjects = {subject for (subject,) in _query(paths, "SELECT subject FROM raw.mail_messages")}
    assert not subjects & {"甲局隐藏文件", "甲局已删除"}


def test_sizes_and_paths_are_named_in_the_detail(hostile_run):
    _, _, rejected, _ = hostile_run
    detail = {r["source_file"]: r["detail"] for r in rejected}
    assert "xl/sharedStrings.xml is 60.0 MB uncompressed" in detail["sheets/zip-bomb.xlsx"]
    assert "50.0 MB" in detail["sheets/zip-bomb.xlsx"]
    assert str(os.path.join("outside", "passwd")) in detail["mail/passwd.eml"]
    assert "more than 50 rows" in detail["sheets/many-rows.xlsx"]
    assert "mail/good.eml" in detail["mail/again.eml"]
    assert "compressed data is damaged" in detail["sheets/damaged.xlsx"]


def test_nothing_from_outside_the_inputs_reaches_the_warehouse(hostile_run):
    paths = hostile_run[0]
    for database in (paths.warehouse, paths.serving):
        with duckdb.connect(str(database), read_only=True) as con:
            tables = con.execute("SELECT table_schema, table_name FROM information_schema.tables "
                                 "WHERE table_type = 'BASE TABLE'").fetchall()
            assert tables
            for schema, table in tables:
                hits = con.execute(f'SELECT count(*) FROM "{schema}"."{table}" AS t '
                                   f"WHERE CAST(t AS VARCHAR) LIKE '%{SECRET}%'").fetchone()[0]
                assert hits == 0, f"{schema}.{table}"


def test_links_inside_are_read_once(hostile_run):
    paths = hostile_run[0]
    files = dict(_query(paths, "SELECT source_file, kind FROM raw.source_files"))
    messages = {r[0] for r in _query(paths, "SELECT source_file FROM raw.mail_messages")}
    assert "mail/sub/in-sub.eml" in messages and "mail/good.eml" in messages
    assert "mail/linked-sub/in-sub.eml" in files and "mail/linked-sub/in-sub.eml" not in messages
    assert "mail/again.eml" not in messages


def test_invalid_unicode_is_replaced_and_recorded(hostile_run):
    paths = hostile_run[0]
    [(subject, body, defects)] = _query(paths, "SELECT subject, body_text, defects FROM raw.mail_messages "
                                               "WHERE source_file = 'mail/utf7.eml'")
    assert subject == "\ufffdabc" and body == "\ufffdbody\ufffd" and "InvalidUnicode" in defects
    assert _query(paths, "SELECT filename FROM raw.mail_attachments WHERE source_file = 'mail/utf7.eml'") == [
        ("\ufffdx.doc",)]


def test_a_gbk_file_name_is_read_under_its_name(hostile_run):
    paths = hostile_run[0]
    assert _query(paths, "SELECT title FROM raw.sheet_paper WHERE source_file = 'sheets/纸质报送登记.xlsx'") == [
        ("GBK文件名里的报送",)]


def test_an_impossible_date_falls_back_to_received(hostile_run):
    paths = hostile_run[0]
    got = {r[0]: (str(r[1]), r[2]) for r in _query(
        paths, "SELECT source_file, sent_at, time_source FROM raw.mail_messages "
               "WHERE source_file IN ('mail/zone.eml', 'mail/overflow.eml')")}
    assert got == {"mail/zone.eml": ("2024-05-07 08:00:00", "received"),
                   "mail/overflow.eml": ("2024-05-08 08:00:00", "received")}


def test_worst_characters_give_their_outcome(hostile_run):
    paths, _, rejected, _ = hostile_run
    bodies = dict(_query(paths, "SELECT source_file, length(body_text) FROM raw.mail_messages "
                                "WHERE source_file IN ('mail/html-lt.eml', 'mail/html-a.eml')"))
    assert bodies == {"mail/html-lt.eml": MB, "mail/html-a.eml": 0}   # '<' is text; '<a<a…' is markup
    [(subject,)] = _query(paths, "SELECT subject FROM raw.mail_messages WHERE source_file = 'mail/subject-tags.eml'")
    assert subject == "【" * MB
    [(name,)] = _query(paths, "SELECT filename FROM raw.mail_attachments WHERE source_file = 'mail/filename-tags.eml'")
    assert name == "【" * MB + ".docx"
    [(title,)] = _query(paths, "SELECT title FROM raw.sheet_paper WHERE source_file = 'sheets/long-title.xlsx' "
                               "AND row_number = 2")
    assert title == "【" * 32_767
    # a title of only unclosed 【 is empty once tags and punctuation go
    reasons = {(r["source_file"], r["reason"]) for r in rejected}
    assert {("sheets/long-title.xlsx", "empty_title"), ("mail/subject-tags.eml", "empty_title"),
            ("mail/filename-tags.eml", "empty_title")} <= reasons
    assert ("mail/html-a.eml", "no_content") in reasons


def test_identity_is_by_content_not_message_id(hostile_run):
    _, _, rejected, annex = hostile_run
    listed = {r["source_file"]: r["reason"] for r in rejected}
    assert "mail/m-jia.eml" not in listed and "mail/m-jia-2.eml" not in listed
    assert listed["mail/a-forged.eml"] == "unknown_sender"


def test_the_good_inputs_are_still_counted(hostile_run):
    _, lines, _, annex = hostile_run
    # 甲: good.eml, html-lt.eml, m-jia.eml, m-jia-2.eml and utf7.eml (its attachment U+FFFD x.doc); not the
    # 1 MB tag subject or file name (empty titles), nor the oversized message and attachment
    assert int(annex["市甲局"]["submitted"]) == 5
    # 乙: sub/in-sub, zone, overflow, the register's 乙局纸质报送 and the GBK-named workbook's row
    assert int(annex["市乙局"]["submitted"]) == 5
    assert any(line.startswith("published:") for line in lines)


def test_ingest_alone_lands_the_same_issues_again_unchanged(hostile_run, tmp_path):
    """A second ingest of the same folder reads nothing anew and keeps every issue."""
    paths = hostile_run[0]
    before = sorted(_query(paths, "SELECT source_file, reason FROM raw.ingest_issues"))
    with pytest.MonkeyPatch.context() as patch:
        for name, value in LIMITS.items():
            patch.setenv(name, value)
        summary = ingest_step(paths, progress=lambda _: None)
        validate_step(paths)
    assert not summary.files_read
    assert sorted(_query(paths, "SELECT source_file, reason FROM raw.ingest_issues")) == before


def test_a_limit_that_is_not_a_number_is_one_sentence(tmp_path, monkeypatch):
    from ingestion.errors import InputError
    write_workbook(tmp_path / "in" / "sheets" / "r.xlsx", registry(UNITS))
    monkeypatch.setenv("GOVINFO_MAX_SHEET_MB", "lots")
    with pytest.raises(InputError, match="GOVINFO_MAX_SHEET_MB='lots' is not a whole number"):
        ingest_step(Paths.resolve(tmp_path / "in", tmp_path / "g.duckdb", tmp_path / "p"), progress=lambda _: None)


def test_rows_a_stopped_run_committed_without_their_file_are_dropped(tmp_path):
    """Long registers are committed in batches before their file's manifest row: a run stopped in
    between leaves rows of no known file, which the next run removes (and reads the file again)."""
    write_workbook(tmp_path / "in" / "sheets" / "r.xlsx", registry(UNITS))
    paths = Paths.resolve(tmp_path / "in", tmp_path / "g.duckdb", tmp_path / "p")
    ingest_step(paths, progress=lambda _: None)
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute("INSERT INTO raw.sheet_paper (source_file, sheet, row_number, row_key, title) "
                    "VALUES ('sheets/half-read.xlsx', '纸质报送', 2, 'k', '半截')")
    ingest_step(paths, progress=lambda _: None)
    assert _query(paths, "SELECT count(*) FROM raw.sheet_paper") == [(0,)]
    assert _query(paths, "SELECT count(*) FROM raw.sheet_units") == [(2,)]
