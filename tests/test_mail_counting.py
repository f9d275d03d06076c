"""Mail through the whole pipeline: what is a submission, counted once, at which time, for whom."""
from __future__ import annotations

import csv
import hashlib

import duckdb
import pytest

from builders import message, registry, write_eml, write_workbook

from govinfo.config import Paths
from govinfo.pipeline import run_period

pytestmark = pytest.mark.pipeline

UNITS = [["格尔木市农牧局", "市农牧局", "农牧局", "nmj@example.org", None],
         ["格尔木市水利局", "市水利局", "水利局", "slj@example.org", None]]
REVIEWS = {"审核登记": [["单位名称", "信息标题", "是否计入", "原因"],
                        ["市农牧局", "农牧局党建引领乡村振兴", "是", "乡村振兴工作信息"],
                        ["市农牧局", "局长调研春耕", "否", "领导活动"]]}


def _mail(inputs):
    mail = inputs / "mail"
    send = "nmj@example.org"
    write_eml(mail / "may", "01.eml", message(sender=send, subject="【市农牧局】春耕", attachments=[
        ("【市农牧局】春耕备耕工作进展.docx", b"1"), ("农牧局党建引领乡村振兴.doc", b"2"), ("局长调研春耕.wps", b"3"),
        ("现场.png", b"png")]))
    # a correction of the first document: same title after removing tags, spaces and punctuation
    write_eml(mail / "may", "02.eml", message(sender=send, subject="【更正】春耕", date="Tue, 07 May 2024 09:00:00 +0800",
                                              attachments=[("【更正】春耕备耕 工作进展！.docx", b"1b")]))
    # 30 April 16:30 UTC is 1 May 00:30 in Shanghai
    write_eml(mail / "may", "03.eml", message(sender=send, subject="农牧局畜牧业统计", body="正文",
                                              date="Tue, 30 Apr 2024 16:30:00 +0000"))
    write_eml(mail / "may", "04.eml", message(sender=send, subject="自动回复：已收到", body="收到",
                                              headers={"Auto-Submitted": "auto-replied"}))
    write_eml(mail / "may", "05.eml", message(sender="MAILER-DAEMON@example.org", subject="Undelivered Mail",
                                              body="failed"))
    write_eml(mail / "may", "06.eml", message(sender=send, subject="空邮件", body=""))
    write_eml(mail / "may", "07.eml", message(sender="new.clerk@qq.com", subject="水利局河湖长制工作", body="正文"))
    # a Maildir delivered by the mail server: files without extension in cur/ and new/
    write_eml(mail / "Maildir" / "cur", "1714960000.M1P1.host:2,S",
              message(sender="slj@example.org", subject="水利局防汛演练", body="正文"))
    (mail / "Maildir" / "tmp").mkdir()
    (mail / "Maildir" / "new").mkdir()


def _annex(paths):
    with open(paths.publish_dir / "2024-05" / "annex.csv", encoding="utf-8-sig") as handle:
        return {r["unit"]: r for r in csv.DictReader(handle)}


def _state(paths):
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


def test_mail_rules_and_reruns(tmp_path):
    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "registry.xlsx", registry(UNITS))
    write_workbook(inputs / "sheets" / "reviews.xlsx", REVIEWS)
    _mail(inputs)
    paths = Paths.resolve(inputs, tmp_path / "wh" / "g.duckdb", tmp_path / "pub")
    run_period(paths, "2024-05", progress=lambda _: None)
    annex = _annex(paths)
    # 农牧局: 春耕备耕工作进展 (once, though corrected), 党建… (审核登记 是), 畜牧业统计 (1 May Shanghai);
    # not: 局长调研春耕 (审核登记 否), the image, the auto-reply, the empty message
    assert annex["市农牧局"]["submitted"] == "3"
    # 水利局: the Maildir message; the mail from an unknown address with no 【】 tag is quarantined
    assert annex["市水利局"]["submitted"] == "1"
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        outcomes = dict(con.execute("SELECT title, status FROM intermediate.int_submissions").fetchall())
        first = con.execute("SELECT submitted_at FROM intermediate.int_submissions "
                            "WHERE title = '春耕备耕工作进展'").fetchone()[0]
        rejected = {r[0]: r[1] for r in con.execute("SELECT source_file, reason FROM marts.rejected").fetchall()}
    assert outcomes["局长调研春耕"] == "excluded_by_review"
    assert outcomes["农牧局党建引领乡村振兴"] == "counted"
    assert outcomes["春耕备耕 工作进展！"] == "duplicate_title"
    assert first.isoformat() == "2024-05-06T10:00:00"
    assert rejected == {"mail/may/04.eml": "auto_reply", "mail/may/05.eml": "delivery_report",
                        "mail/may/06.eml": "no_content", "mail/may/07.eml": "unknown_sender"}

    # a re-run on the same inputs changes nothing, in the warehouse or the published file
    csv_before = (paths.publish_dir / "2024-05" / "annex.csv").read_bytes()
    state_before = _state(paths)
    run_period(paths, "2024-05", progress=lambda _: None)
    assert (paths.publish_dir / "2024-05" / "annex.csv").read_bytes() == csv_before
    assert _state(paths) == state_before

    # the registry learns the new address: the quarantined message is counted on the next run
    write_workbook(inputs / "sheets" / "registry.xlsx", registry(
        [UNITS[0], ["格尔木市水利局", "市水利局", "水利局", "slj@example.org、new.clerk@qq.com", None]]))
    run_period(paths, "2024-05", progress=lambda _: None)
    assert _annex(paths)["市水利局"]["submitted"] == "2"


def test_unchanged_files_are_not_read_again(tmp_path):
    from govinfo.pipeline import ingest_step

    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "registry.xlsx", registry(UNITS))
    _mail(inputs)
    paths = Paths.resolve(inputs, tmp_path / "g.duckdb", tmp_path / "pub")
    first = ingest_step(paths, progress=lambda _: None)
    assert first.files_read["mail"] == 8
    write_eml(inputs / "mail" / "june", "new.eml", message(sender="slj@example.org", subject="新", body="x"))
    (inputs / "mail" / "may" / "06.eml").unlink()
    second = ingest_step(paths, progress=lambda _: None)
    assert second.files_read["mail"] == 1 and second.files_removed == 1
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        files = {r[0]: r[1] for r in con.execute("SELECT source_file, sha256 FROM raw.source_files").fetchall()}
    new = inputs / "mail" / "june" / "new.eml"
    assert files["mail/june/new.eml"] == hashlib.sha256(new.read_bytes()).hexdigest()
    assert "mail/may/06.eml" not in files
