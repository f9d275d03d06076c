"""The office mailbox over IMAP, against a real Dovecot: every message archived exactly once, nothing lost."""
from __future__ import annotations

import base64
import csv
import hashlib
import imaplib
import json
import os
import shutil
import socket
import subprocess
import sys
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import quote

import pytest
from builders import message
from dovecot import dovecot  # noqa: F401  (the fixture)

from govinfo.cli import main
from govinfo.config import Paths
from govinfo.pipeline import run_period
from ingestion.imap_fetch import (ImapAuthError, ImapConnectionError, ImapSettings, _quoted_folder,
                                  fetch_new_messages, open_connection)
from ingestion.mail_files import find_mail_files

pytestmark = [pytest.mark.pipeline, pytest.mark.server]

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "s3cret"


def _b64(text: str, charset: str = "gbk") -> str:
    return base64.b64encode(text.encode(charset)).decode("ascii")


def _gbk_message(n: int, sender: str = "jia@example.org", date: str = "Tue, 07 May 2024 09:00:00 +0800") -> bytes:
    """GBK subject (RFC 2047) and a GBK attachment name (RFC 2231), as Chinese mail clients send them."""
    name = quote(f"甲局防汛工作第{n}期.docx".encode("gbk"))
    return (f"From: {sender}\r\nTo: office@example.org\r\nSubject: =?GBK?B?{_b64(f'【市甲局】防汛工作第{n}期')}?=\r\n"
            f"Date: {date}\r\nMessage-ID: <gbk-{n}@example.org>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=B\r\n\r\n"
            "--B\r\nContent-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{_b64(f'正文{n}')}\r\n--B\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Disposition: attachment; filename*=gbk''{name}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{_b64(f'DOC{n}', 'ascii')}\r\n--B--\r\n").encode("ascii")


def _raw_gbk_message(n: int, sender: str = "yi@example.org") -> bytes:
    """An 8-bit GBK subject, no Message-ID: recognised by its SHA-256 only."""
    return (f"From: {sender}\r\nTo: office@example.org\r\nDate: Wed, 08 May 2024 11:00:00 +0800\r\n".encode()
            + b"Subject: " + f"乙局简报第{n}期".encode("gbk") + b"\r\n\r\n" + f"正文{n}".encode("gbk") + b"\r\n")


def _corpus(count: int, start: int = 0) -> list[bytes]:
    """Distinct messages of three kinds: GBK headers, raw 8-bit GBK, and UTF-8 with Chinese attachment names."""
    out = []
    for n in range(start, start + count):
        if n % 3 == 0:
            out.append(_gbk_message(n))
        elif n % 3 == 1:
            out.append(_raw_gbk_message(n))
        else:
            out.append(message(sender="jia@example.org", subject=f"甲局信息{n}", body=f"正文{n}",
                               headers={"Message-ID": make_msgid(f"u{n}", "example.org")},
                               attachments=[(f"【市甲局】春耕备耕第{n}期.docx", f"D{n}".encode())]))
    return out


def _settings(server, **kw) -> ImapSettings:
    return ImapSettings(host=server.host, port=server.port, user="office", password=PASSWORD, security="plain", **kw)


def _archived(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.eml") if not p.name.startswith("."))


def _digests(paths) -> list[str]:
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in paths)


def _sha(messages: list[bytes]) -> list[str]:
    return sorted(hashlib.sha256(m).hexdigest() for m in messages)


def test_first_sync_takes_all_then_none_then_only_the_new(dovecot, tmp_path):
    sent = _corpus(5)
    dovecot.append("office", PASSWORD, sent)
    inputs = tmp_path / "inputs"
    root = inputs / "mail" / "imap"
    lines: list[str] = []
    first = fetch_new_messages(_settings(dovecot), root, lines.append, batch_size=2)
    assert (first.fetched, first.already_had, first.watermark) == (5, 0, 5)
    # the raw bytes are kept as sent (CRLF, 8-bit GBK), one file per message, named <uidvalidity>-<uid>.eml
    assert _digests(_archived(root)) == _sha(sent)
    assert {p.name for p in _archived(root)} == {f"{first.uidvalidity}-{uid}.eml" for uid in range(1, 6)}
    assert [line for line in lines if "/5 new" in line] == [
        "fetch-mail: 2/5 new in INBOX (2 archived, 0 already had)",
        "fetch-mail: 4/5 new in INBOX (4 archived, 0 already had)",
        "fetch-mail: 5/5 new in INBOX (5 archived, 0 already had)"]
    # the state files (under the hidden .state/) are never taken for messages nor reported as unknown inputs
    messages, others = find_mail_files(inputs / "mail")
    assert messages == _archived(root) and others == []
    assert any((root / ".state").iterdir())
    # nothing changed on the server: still there, still unread (BODY.PEEK)
    client = dovecot.client("office", PASSWORD)
    client.select("INBOX", readonly=True)
    assert client.search(None, "UNSEEN")[1][0].split() == [b"1", b"2", b"3", b"4", b"5"]
    client.logout()

    second = fetch_new_messages(_settings(dovecot), root)
    assert (second.fetched, second.already_had, second.watermark) == (0, 0, 5)

    later = _corpus(2, start=5)
    dovecot.append("office", PASSWORD, later)
    third = fetch_new_messages(_settings(dovecot), root)
    assert (third.fetched, third.already_had, third.watermark) == (2, 0, 7)
    assert fetch_new_messages(_settings(dovecot), root).fetched == 0
    assert _digests(_archived(root)) == _sha(sent + later)


def _interrupting(before_body: int, action):
    """An IMAP4 whose connection breaks (action) just before the before_body-th message body is fetched."""
    left = [before_body]

    class Interrupting(imaplib.IMAP4):
        def uid(self, command, *args):
            if command == "FETCH" and args[-1] == "(UID BODY.PEEK[])":
                left[0] -= 1
                if left[0] == 0:
                    action(self)
            return super().uid(command, *args)
    return Interrupting


@pytest.mark.parametrize("how", ["cut the socket", "stop the server"])
def test_connection_dropped_mid_batch_then_rerun_takes_each_message_once(dovecot, tmp_path, how):
    sent = _corpus(12)
    dovecot.append("office", PASSWORD, sent)
    root = tmp_path / "inputs" / "mail" / "imap"
    settings = _settings(dovecot)
    cut = _interrupting(8, (lambda imap: imap.sock.shutdown(socket.SHUT_RDWR)) if how == "cut the socket"
                        else (lambda imap: dovecot.stop()))
    # batches of 5 UIDs, one message per FETCH: the 8th body is the 3rd of the second batch
    with pytest.raises(ImapConnectionError, match="lost"):
        fetch_new_messages(settings, root, batch_size=5, chunk_bytes=1,
                           connect=lambda s: open_connection(s, imap_class=cut))
    assert len(_archived(root)) == 7  # 5 of batch 1, 2 of batch 2: durable, though the watermark stayed at 5
    state = json.loads(next((root / ".state").glob(".watermark-*.json")).read_text())
    assert state["last_uid"] == 5
    if how == "stop the server":
        dovecot.start()
        # and as if the crash had also come between a file's rename and its index line, and mid-write of another
        index = root / ".state" / ".index.jsonl"
        index.write_text("".join(index.read_text().splitlines(keepends=True)[:-1]) + '{"file": "INB')
        (root / "INBOX" / ".1-99.eml.4242.tmp").write_bytes(b"half a message")

    rerun = fetch_new_messages(settings, root, batch_size=5)
    assert (rerun.fetched, rerun.already_had, rerun.watermark) == (5, 2, 12)
    assert _digests(_archived(root)) == _sha(sent)  # every message exactly once
    assert not [p for p in (root / "INBOX").iterdir() if p.name.endswith(".tmp")]
    assert fetch_new_messages(settings, root).fetched == 0


def test_uidvalidity_change_takes_none_twice(dovecot, tmp_path):
    folder = "报送"  # a Chinese folder name travels as modified UTF-7
    wire = _quoted_folder(folder)
    sent = _corpus(6)
    dovecot.append("office", PASSWORD, sent, folder=wire)
    root = tmp_path / "inputs" / "mail" / "imap"
    settings = _settings(dovecot, folder=folder)
    first = fetch_new_messages(settings, root)
    assert first.fetched == 6 and (root / folder).is_dir()

    dovecot.recreate("office", PASSWORD, wire)  # same messages, new UIDs, new UIDVALIDITY
    assert dovecot.uidvalidity("office", PASSWORD, wire) != first.uidvalidity
    lines: list[str] = []
    again = fetch_new_messages(settings, root, lines.append)
    # 4 recognised by Message-ID without downloading, 2 (no Message-ID) by the SHA-256 of their bytes
    assert (again.fetched, again.already_had) == (0, 6)
    assert any("UIDVALIDITY" in line and "re-scanning" in line for line in lines)
    assert again.uidvalidity != first.uidvalidity and again.watermark == 6

    new = _corpus(1, start=6)
    dovecot.append("office", PASSWORD, new, folder=wire)
    latest = fetch_new_messages(settings, root)
    assert (latest.fetched, latest.already_had) == (1, 0)
    assert fetch_new_messages(settings, root).fetched == 0
    assert _digests(_archived(root)) == _sha(sent + new)


def test_wrong_password_fails_clearly_and_writes_nothing(dovecot, tmp_path, monkeypatch, capsys):
    dovecot.append("office", PASSWORD, _corpus(2))
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    wrong = ImapSettings(host=dovecot.host, port=dovecot.port, user="office", password="nope", security="plain")
    with pytest.raises(ImapAuthError, match="authentication failed for office@127.0.0.1"):
        fetch_new_messages(wrong, inputs / "mail" / "imap")
    assert list(inputs.iterdir()) == []
    # the CLI says the same on stderr and exits 2
    for name, value in {"HOST": dovecot.host, "PORT": str(dovecot.port), "USER": "office", "PASSWORD": "nope",
                        "SECURITY": "plain"}.items():
        monkeypatch.setenv(f"GOVINFO_IMAP_{name}", value)
    assert main(["fetch-mail", "--inputs", str(inputs)]) == 2
    assert "IMAP authentication failed for office@127.0.0.1" in capsys.readouterr().err
    assert list(inputs.iterdir()) == []


def test_delete_only_when_told_and_after_the_archive(dovecot, tmp_path):
    sent = _corpus(3)
    dovecot.append("office", PASSWORD, sent)
    root = tmp_path / "imap"
    summary = fetch_new_messages(_settings(dovecot, delete_archived=True), root)
    assert (summary.fetched, summary.deleted) == (3, 3)
    assert dovecot.count("office", PASSWORD, "INBOX") == 0
    assert _digests(_archived(root)) == _sha(sent)


def _annex_bytes(inputs: Path, work: Path) -> bytes:
    paths = Paths.resolve(inputs, work / "govinfo.duckdb", work / "publish")
    run_period(paths, "2024-05", progress=lambda _: None)
    return (paths.publish_dir / "2024-05" / "annex.csv").read_bytes()


def test_imap_gives_the_same_annex_as_the_folder(dovecot, small_inputs, tmp_path, monkeypatch, capsys):
    # the small registry's mail plus GBK-encoded submissions, in a folder and in the mailbox
    extra = [_gbk_message(1), _raw_gbk_message(2, sender="yi2@example.org")]
    for n, data in enumerate(extra):
        (small_inputs / "mail" / f"gbk{n}.eml").write_bytes(data)
    sent = [p.read_bytes() for p in sorted((small_inputs / "mail").rglob("*.eml"))]
    dovecot.append("office", PASSWORD, sent)

    via_imap = tmp_path / "via_imap"
    shutil.copytree(small_inputs / "sheets", via_imap / "sheets")
    for name, value in {"HOST": dovecot.host, "PORT": str(dovecot.port), "USER": "office", "PASSWORD": PASSWORD,
                        "SECURITY": "plain"}.items():
        monkeypatch.setenv(f"GOVINFO_IMAP_{name}", value)
    assert main(["fetch-mail", "--inputs", str(via_imap)]) == 0
    out = capsys.readouterr().out
    assert f"fetch-mail: fetched {len(sent)}, already had 0, folder INBOX of office@127.0.0.1" in out
    assert _digests(_archived(via_imap / "mail")) == _sha(sent)

    from_folder = _annex_bytes(small_inputs, tmp_path / "folder_run")
    from_imap = _annex_bytes(via_imap, tmp_path / "imap_run")
    assert from_imap == from_folder
    rows = {r["unit"]: r for r in csv.DictReader(from_imap.decode("utf-8-sig").splitlines())}
    # the GBK messages counted: 甲局 2 + 防汛工作第1期, 乙局 1 + 乙局简报第2期
    assert (rows["市甲局"]["submitted"], rows["市乙局"]["submitted"]) == ("3", "2")


def test_mailbox_dag_reads_the_airflow_connection(dovecot, tmp_path, monkeypatch):
    airflow_home = tmp_path / "airflow"
    env = {**os.environ, "AIRFLOW_HOME": str(airflow_home), "PYTHONPATH": str(REPO)}
    # parsing the DAG file imports neither govinfo nor the warehouse libraries
    probe = ("import sys; from airflow.dag_processing.dagbag import DagBag; "
             "bag = DagBag(dag_folder=sys.argv[1]); assert not bag.import_errors, bag.import_errors; "
             "dag = bag.dags['govinfo_mailbox']; task = dag.get_task('fetch_mail'); "
             "print(dag.schedule, task.retries, task.retry_exponential_backoff, "
             "[a.uri for a in task.outlets], sorted(m for m in sys.modules if m.split('.')[0] in "
             "('govinfo', 'ingestion', 'duckdb', 'pandas', 'dbt')))")
    parsed = subprocess.run([sys.executable, "-c", probe, str(REPO / "dags" / "govinfo_mailbox.py")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    assert parsed.stdout.strip().splitlines()[-1] == "@hourly 5 2.0 ['govinfo://mailbox/archive'] []"

    # the task itself: the connection wins over the variables (whose password is wrong here)
    monkeypatch.setenv("AIRFLOW_HOME", str(airflow_home))
    from airflow.dag_processing.dagbag import DagBag
    from airflow.sdk.exceptions import AirflowSkipException

    fetch = DagBag(dag_folder=str(REPO / "dags" / "govinfo_mailbox.py")).dags["govinfo_mailbox"].get_task("fetch_mail")
    dovecot.append("office", PASSWORD, _corpus(3))
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    monkeypatch.setenv("GOVINFO_INPUTS", str(inputs))
    monkeypatch.setenv("GOVINFO_IMAP_HOST", dovecot.host)
    monkeypatch.setenv("GOVINFO_IMAP_USER", "office")
    monkeypatch.setenv("GOVINFO_IMAP_PASSWORD", "wrong")
    monkeypatch.setenv("AIRFLOW_CONN_GOVINFO_IMAP", json.dumps({
        "conn_type": "imap", "host": dovecot.host, "port": dovecot.port, "login": "office", "password": PASSWORD,
        "extra": {"folder": "INBOX", "security": "plain"}}))
    result = fetch.python_callable()
    assert (result["fetched"], result["watermark"]) == (3, 3)
    assert len(_archived(inputs / "mail" / "imap")) == 3
    with pytest.raises(AirflowSkipException):  # nothing new: the Asset is not updated
        fetch.python_callable()


def test_the_sample_sent_through_imap_reproduces_the_notice(dovecot, tmp_path):
    from conftest import SPEC

    from govinfo.config import SAMPLE_INPUTS
    from ingestion.imap_fetch import fetch_new_messages

    sent = [p.read_bytes() for p in sorted((SAMPLE_INPUTS / "mail").rglob("*.eml"))]
    dovecot.append("office", PASSWORD, sent)
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLE_INPUTS / "sheets", inputs / "sheets")
    summary = fetch_new_messages(_settings(dovecot), inputs / "mail" / "imap")
    assert summary.fetched == len(sent) == 1124
    paths = Paths.resolve(inputs, tmp_path / "wh" / "g.duckdb", tmp_path / "pub")
    run_period(paths, "2024-05", progress=lambda _: None)

    def by_unit(path):
        with open(path, encoding="utf-8-sig") as handle:
            return {r["unit"]: r for r in csv.DictReader(handle)}

    assert by_unit(paths.publish_dir / "2024-05" / "annex.csv") == by_unit(SPEC / "annex-2024-05.csv")
