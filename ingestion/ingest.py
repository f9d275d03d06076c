"""Land an inputs folder in the warehouse's raw schema: only files that changed are read again.

Every source file owns its rows in every raw table, so a changed file is replaced whole, a
removed file disappears, and ingesting the same inputs twice changes nothing.

Rows are committed every 20,000 files, each file whole with its manifest row: DuckDB keeps an
open transaction's rows in memory, so one transaction for a province's mailbox would hold all
of it. A run stopped by an error keeps what it committed, and the next run goes on from there.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from .errors import InputError
from .mail_files import walk_mail_files
from .mail_message import ParsedMessage
from .mail_reader import read_messages
from .raw_tables import PER_FILE_TABLES, TABLES, create_raw_schema, insert_rows
from .sheet_specs import SHEETS
from .workbook import read_workbook

_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
_FLUSH_EVERY = 1000
_COMMIT_EVERY = 20 * _FLUSH_EVERY   # an open transaction's rows stay in memory: about 4 KB a message
_DUCKDB_MEMORY = "256MB"
_PROGRESS_EVERY = 500


@dataclass
class IngestSummary:
    files_seen: Counter = field(default_factory=Counter)
    files_read: Counter = field(default_factory=Counter)
    files_removed: int = 0
    issues: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"files: {dict(self.files_seen)} seen, {dict(self.files_read)} read anew, "
               f"{self.files_removed} removed"]
        if self.issues:
            out.append("ingest issues: " + ", ".join(f"{k} {v}" for k, v in sorted(self.issues.items())))
        return out


class _Batch:
    """Rows waiting to be inserted, per raw table."""

    def __init__(self, con):
        self.con, self.rows = con, {name: [] for name in TABLES}

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        for table, rows in self.rows.items():
            insert_rows(self.con, table, rows)
            rows.clear()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _land_message(batch: _Batch, rel: str, digest: str, msg: ParsedMessage | None, error: str | None) -> str | None:
    if msg is None:
        batch.add("ingest_issues", {"source_file": rel, "reason": "unreadable_message", "detail": error})
        return "unreadable_message"
    batch.add("mail_messages", {
        "source_file": rel, "sha256": digest, "message_id": msg.message_id,
        "from_address": msg.from_address, "from_name": msg.from_name, "subject": msg.subject,
        "date_header": msg.date_header, "received_header": msg.received_header, "sent_at": msg.sent_at,
        "time_source": msg.time_source, "auto_submitted": msg.auto_submitted,
        "content_type": msg.content_type, "body_text": msg.body_text, "defects": msg.defects})
    for att in msg.attachments:
        batch.add("mail_attachments", {
            "source_file": rel, "message_sha256": digest, "part_index": att.part_index,
            "filename": att.filename, "content_type": att.content_type, "size": att.size, "sha256": att.sha256})
    return None


def _land_workbook(batch: _Batch, rel: str, path: Path) -> str | None:
    try:
        found, unused = read_workbook(path, rel)
    except ValueError as exc:
        batch.add("ingest_issues", {"source_file": rel, "reason": "unreadable_workbook", "detail": str(exc)})
        return "unreadable_workbook"
    for sheet in found:
        batch.add("sheets_read", {"source_file": rel, "sheet": sheet.sheet, "contract_sheet": sheet.spec.name,
                                  "header_row": sheet.header_row, "rows": len(sheet.rows)})
        for row in sheet.rows:
            batch.add(sheet.spec.table, {"source_file": rel, "sheet": sheet.sheet, **row})
    for sheet in unused:
        batch.add("sheets_read", {"source_file": rel, "sheet": sheet.sheet, "contract_sheet": None,
                                  "header_row": None, "rows": sheet.rows})
        batch.add("ingest_issues", {"source_file": rel, "sheet": sheet.sheet, "reason": "unknown_sheet",
                                    "detail": f"sheet name is not one of the contract's; {sheet.rows} rows not used"})
    return "unknown_sheet" if unused else None


def _discover(inputs: Path) -> dict[str, str]:
    """relative path -> kind for every file under the inputs folder's mail/ and sheets/ (plain
    strings, not Path objects: a province's mailbox has hundreds of thousands of files)."""
    messages, others = walk_mail_files(inputs / "mail")
    files: dict[str, str] = {f"mail/{rel}": "mail" for rel in messages}
    sheets_dir = inputs / "sheets"
    sheet_files = sorted(p for p in sheets_dir.rglob("*") if p.is_file()) if sheets_dir.is_dir() else []
    for path in [inputs / "mail" / rel for rel in others] + sheet_files:
        if path.name.startswith((".", "~$")):
            continue  # editor lock files and hidden files are not inputs
        is_book = path.suffix.lower() in _WORKBOOK_SUFFIXES and path.is_relative_to(sheets_dir)
        files[path.relative_to(inputs).as_posix()] = "sheet" if is_book else "other"
    return files


def ingest(inputs: Path, warehouse: Path, progress: Callable[[str], None] = lambda _: None) -> IngestSummary:
    """Land `inputs` (mail/ and sheets/) in `warehouse`; raises InputError when they cannot be used."""
    inputs = Path(inputs)
    if not inputs.is_dir():
        raise InputError("inputs folder not found", file=str(inputs))
    if not (inputs / "sheets").is_dir():
        raise InputError("no sheets/ folder: the registers (单位名册 …) are needed", file=str(inputs))
    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    files = _discover(inputs)
    with duckdb.connect(str(warehouse)) as con:
        # appending needs little memory; unbounded, DuckDB keeps what it wrote cached (up to 80% of RAM)
        con.execute(f"SET memory_limit = '{_DUCKDB_MEMORY}'")
        create_raw_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            _ingest_files(con, inputs, files, summary, progress)
            _check_structure(con, inputs)
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.TransactionException:
                pass   # a failed COMMIT has ended the transaction already
            raise
    return summary


def _ingest_files(con, inputs: Path, files: dict[str, str], summary: IngestSummary, progress) -> None:
    known = {row[0]: row[1:] for row in con.execute(
        "SELECT source_file, size, mtime_ns, sha256 FROM raw.source_files").fetchall()}
    batch = _Batch(con)
    for rel in sorted(set(known) - set(files)):
        _forget(con, rel)
        summary.files_removed += 1
    root = str(inputs)
    changed = []   # unchanged size and mtime: not read again
    for rel, kind in sorted(files.items()):
        summary.files_seen[kind] += 1
        stat = os.stat(os.path.join(root, rel))
        previous = known.get(rel)
        if not (previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns):
            changed.append((rel, kind, stat.st_size, stat.st_mtime_ns, previous))
    # messages are read, hashed and parsed ahead, on every core, and come back in this order
    messages = read_messages([os.path.join(root, rel) for rel, kind, *_ in changed if kind == "mail"])
    total = len(changed)
    for done, (rel, kind, size, mtime_ns, previous) in enumerate(changed, start=1):
        path = Path(root, rel)
        if kind == "mail":
            digest, msg, error = next(messages)
        else:
            digest = _sha256(path.read_bytes())
        if previous and previous[2] == digest:
            con.execute("UPDATE raw.source_files SET mtime_ns = ? WHERE source_file = ?", [mtime_ns, rel])
            continue
        if previous:
            batch.flush()
            _forget(con, rel)
        summary.files_read[kind] += 1
        if kind == "mail":
            issue = _land_message(batch, rel, digest, msg, error)
        elif kind == "sheet":
            issue = _land_workbook(batch, rel, path)
        else:
            issue = "not_an_input"
            batch.add("ingest_issues", {"source_file": rel, "reason": issue,
                                        "detail": "neither a message (.eml, Maildir) nor an .xlsx workbook"})
        if issue:
            summary.issues[issue] += 1
        batch.add("source_files", {"source_file": rel, "kind": kind, "size": size, "mtime_ns": mtime_ns,
                                   "sha256": digest})
        if done % _FLUSH_EVERY == 0:
            batch.flush()
        if done % _COMMIT_EVERY == 0:
            con.execute("COMMIT")
            con.execute("BEGIN TRANSACTION")
        if done % _PROGRESS_EVERY == 0 or done == total:
            progress(f"ingest: {done}/{total} new or changed files")
    batch.flush()


def _forget(con, rel: str) -> None:
    for table in PER_FILE_TABLES + ["source_files"]:
        con.execute(f"DELETE FROM raw.{table} WHERE source_file = ?", [rel])


def _check_structure(con, inputs: Path) -> None:
    seen = {row[0] for row in con.execute(
        "SELECT DISTINCT contract_sheet FROM raw.sheets_read WHERE contract_sheet IS NOT NULL").fetchall()}
    for spec in SHEETS:
        if spec.required_sheet and spec.name not in seen:
            raise InputError(f"no workbook has a sheet named {spec.name}", file=str(inputs / "sheets"),
                             sheet=spec.name)
