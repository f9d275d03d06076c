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
import pickle
import tempfile
import threading
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import duckdb
from defusedxml import DefusedXmlException

from .errors import InputError, Rejected
from .limits import bound_memory, limits
from .input_files import Found, walk
from .mail_files import is_message_name
from .mail_reader import MESSAGE_COLUMNS, ReadChunk, read_messages
from .raw_tables import PER_FILE_TABLES, TABLES, create_raw_schema, insert_columns, insert_rows
from .sheet_specs import SHEETS
from .workbook import UnusedSheet, read_workbook

_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
_FLUSH_EVERY = 1000
_FLUSH_ROWS = 5000   # register rows stream into the warehouse in batches of this many
_COMMIT_ROWS = 50_000
_COMMIT_EVERY = 20 * _FLUSH_EVERY   # an open transaction's rows stay in memory: about 4 KB a message
_PROGRESS_EVERY = 500
# tables whose rows always have the same keys: held column by column (a frame of lists is built in one go,
# where one of dicts is built row by row)
_COLUMNAR = ("source_files", "mail_messages", "mail_attachments")


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
    """Rows waiting to be inserted, per raw table; committed every _COMMIT_ROWS rows, since DuckDB
    holds an open transaction's rows in memory (a file's rows committed before its manifest row are
    removed by the next run if this one stops: _drop_orphans)."""

    def __init__(self, con):
        self.con, self.size, self.uncommitted = con, 0, 0
        self.rows = {name: [] for name in TABLES if name not in _COLUMNAR}
        self.columns: dict[str, dict[str, list]] = {name: {} for name in _COLUMNAR}

    def add(self, table: str, row: dict) -> None:
        if table in self.columns:
            columns = self.columns[table]
            for column, value in row.items():
                columns.setdefault(column, []).append(value)
        else:
            self.rows[table].append(row)
        self.size += 1

    def flush(self) -> None:
        for table, rows in self.rows.items():
            insert_rows(self.con, table, rows)
            rows.clear()
        for table, columns in self.columns.items():
            insert_columns(self.con, table, columns)
            columns.clear()
        self.uncommitted += self.size
        self.size = 0
        if self.uncommitted >= _COMMIT_ROWS:
            self.con.execute("COMMIT")
            self.con.execute("BEGIN TRANSACTION")
            self.uncommitted = 0


class _MailResults:
    """read_messages' chunks, one file at a time: (sha256, (reason, detail) or None, where its rows are)."""

    def __init__(self, chunks):
        self.chunks, self.chunk = chunks, ReadChunk([], {}, {})
        self.file = self.message = self.attachment = 0

    def next(self) -> tuple[str, tuple[str, str] | None, tuple[ReadChunk, int, int, int] | None]:
        if self.file == len(self.chunk.files):
            self.chunk, self.file, self.message, self.attachment = next(self.chunks), 0, 0, 0
        digest, error, attachments = self.chunk.files[self.file]
        self.file += 1
        if error is not None:
            return digest, error, None
        rows = (self.chunk, self.message, self.attachment, attachments)
        self.message += 1
        self.attachment += attachments
        return digest, None, rows


def _file_sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _land_message(batch: _Batch, rel: str, digest: str, error: tuple[str, str] | None,
                  rows: tuple[ReadChunk, int, int, int] | None) -> str | None:
    if rows is None:
        reason, detail = error
        batch.add("ingest_issues", {"source_file": rel, "reason": reason, "detail": detail})
        return reason
    chunk, message, first, count = rows
    batch.add("mail_messages", {"source_file": rel, "sha256": digest,
                                **{column: chunk.messages[column][message] for column in MESSAGE_COLUMNS}})
    for i in range(first, first + count):
        batch.add("mail_attachments", {"source_file": rel, "message_sha256": digest,
                                       **{column: values[i] for column, values in chunk.attachments.items()}})
    return None


class _Workbooks:
    """The register workbooks read (openpyxl, slow) in a thread while the workers parse the mail, since
    they are landed after it: each workbook's sheets, rows and errors are recorded in order, the rows
    spooled to a temporary file in batches (memory stays bounded as when they stream), and replayed by
    sheets() as read_workbook would yield and raise them."""

    def __init__(self, jobs: list[tuple[str, str]]):   # (rel, path) in the order they are landed
        self.events: dict[str, list[tuple]] = {rel: [] for rel, _ in jobs}
        self.done = {rel: threading.Event() for rel, _ in jobs}
        self.spool = tempfile.TemporaryFile()
        self.stopped = False
        self.thread = threading.Thread(target=self._record, args=(jobs,), name="workbooks", daemon=True)
        self.thread.start()

    def _record(self, jobs: list[tuple[str, str]]) -> None:
        end = 0
        for rel, path in jobs:
            events = self.events[rel]
            try:
                for sheet in read_workbook(Path(path), rel):
                    events.append(("sheet", sheet))
                    if isinstance(sheet, UnusedSheet):
                        continue
                    rows = []
                    for row in sheet.rows:
                        if self.stopped:   # the run ended before the workbooks were landed
                            return
                        rows.append(row)
                        if len(rows) == _FLUSH_ROWS:
                            end = self._spool(events, rows, end)
                            rows = []
                    end = self._spool(events, rows, end)
                    events.append(("end",))
            except Exception as exc:   # noqa: BLE001 - raised again where the landing reads it
                events.append(("error", exc))
            finally:
                self.done[rel].set()

    def _spool(self, events: list[tuple], rows: list[dict], end: int) -> int:
        data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        written = 0
        while written < len(data):
            written += os.pwrite(self.spool.fileno(), data[written:], end + written)
        events.append(("rows", end, len(data)))
        return end + len(data)

    def sheets(self, rel: str) -> Iterator:
        """What read_workbook yields for this workbook, from the record; its errors raised where they were."""
        self.done[rel].wait()
        events = iter(self.events.pop(rel))
        for event in events:
            if event[0] == "error":
                raise event[1]
            sheet = event[1]
            if not isinstance(sheet, UnusedSheet):
                sheet.rows = self._rows(events)
            yield sheet

    def _rows(self, events: Iterator[tuple]) -> Iterator[dict]:
        for event in events:
            if event[0] == "rows":
                yield from pickle.loads(os.pread(self.spool.fileno(), event[2], event[1]))
            elif event[0] == "error":
                raise event[1]
            else:
                return

    def forget(self, rel: str) -> None:
        """A workbook not landed after all (unchanged content)."""
        self.done[rel].wait()
        self.events.pop(rel)

    def close(self) -> None:
        self.stopped = True
        self.thread.join()
        self.spool.close()


def _land_workbook(batch: _Batch, rel: str, sheets: Iterator) -> str | None:
    """Stream one workbook's register rows (read_workbook's sheets) into the batch; a workbook that cannot
    be used whole is removed again and landed as one ingest issue, and the run goes on."""
    unused = False
    try:
        for sheet in sheets:
            if isinstance(sheet, UnusedSheet):
                unused = True
                batch.add("sheets_read", {"source_file": rel, "sheet": sheet.sheet, "contract_sheet": None,
                                          "header_row": None, "rows": None})
                batch.add("ingest_issues", {"source_file": rel, "sheet": sheet.sheet, "reason": "unknown_sheet",
                                            "detail": sheet.detail})
                continue
            count = 0
            for row in sheet.rows:
                batch.add(sheet.spec.table, {"source_file": rel, "sheet": sheet.sheet, **row})
                count += 1
                if batch.size >= _FLUSH_ROWS:
                    batch.flush()
            batch.add("sheets_read", {"source_file": rel, "sheet": sheet.sheet, "contract_sheet": sheet.spec.name,
                                      "header_row": sheet.header_row, "rows": count})
            for issue in sheet.issues:
                batch.add("ingest_issues", {"source_file": rel, "sheet": sheet.sheet, **issue})
    except InputError:
        raise
    except Exception as exc:   # noqa: BLE001 - one unusable workbook never stops the run
        reason, detail = _workbook_problem(exc)
        batch.flush()
        _forget(batch.con, [rel])
        batch.add("ingest_issues", {"source_file": rel, "reason": reason, "detail": detail})
        return reason
    return "unknown_sheet" if unused else None


def _workbook_problem(exc: Exception) -> tuple[str, str]:
    """(reason, detail) of a workbook that cannot be read, in words a clerk can act on."""
    from openpyxl.utils.exceptions import InvalidFileException   # imported by the read that failed
    causes = [exc]   # openpyxl wraps what its XML parser raised in a ValueError of its own
    while causes[-1].__cause__ is not None and len(causes) < 10:
        causes.append(causes[-1].__cause__)
    for cause in causes:
        if isinstance(cause, Rejected):
            return cause.reason, cause.detail
        if isinstance(cause, DefusedXmlException):
            return "unsafe_workbook", ("the workbook's XML declares entities (an XML bomb), which no Excel file does; "
                                       f"not read ({cause})")
        if isinstance(cause, zlib.error):
            return "unreadable_workbook", f"the workbook's compressed data is damaged (zlib: {cause})"
    root = causes[-1]
    first_line = str(root).splitlines()[0] if str(root) else root.__class__.__name__
    if isinstance(root, (zipfile.BadZipFile, InvalidFileException)):
        return "unreadable_workbook", f"not a readable .xlsx workbook ({first_line})"
    return "unreadable_workbook", f"not a readable .xlsx workbook ({root.__class__.__name__}: {first_line})"


def _discover(inputs: Path) -> dict[str, tuple[str, Found]]:
    """relative path -> (kind, where it is) for every file under the inputs folder's mail/ and sheets/
    (plain strings, not Path objects: a province's mailbox has hundreds of thousands of files)."""
    files: dict[str, tuple[str, Found]] = {}
    for item in walk(str(inputs), ("mail", "sheets")):
        name = item.parts[-1]
        if item.parts[0] == "mail" and len(item.parts) > 1 and is_message_name(name, item.parts[-2]):
            kind = "mail"
        elif name.startswith("~$") and not item.problem:
            kind = "other"   # Office writes ~$<name> beside a document while it is open
            item = Found(item.parts, item.path, ("office_lock_file", "an Office lock file, written while a document "
                                                 "is open in Excel or Word; not read (close the document)"))
        elif item.parts[0] == "sheets" and os.path.splitext(name)[1].lower() in _WORKBOOK_SUFFIXES:
            kind = "sheet"
        else:
            kind = "other"
        files["/".join(item.parts)] = (kind, item)
    return files


def ingest(inputs: Path, warehouse: Path, progress: Callable[[str], None] = lambda _: None) -> IngestSummary:
    """Land `inputs` (mail/ and sheets/) in `warehouse`; raises InputError when they cannot be used."""
    inputs = Path(inputs)
    if not inputs.is_dir():
        raise InputError("inputs folder not found", file=str(inputs))
    if not (inputs / "sheets").is_dir():
        raise InputError("no sheets/ folder: the registers (单位名册 …) are needed", file=str(inputs))
    limits()   # a limit set to something that is not a number stops the run here, in one sentence
    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    files = _discover(inputs)
    with duckdb.connect(str(warehouse)) as con:
        bound_memory(con)   # appending needs little memory; unbounded, DuckDB keeps what it wrote cached
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


def _ingest_files(con, inputs: Path, files: dict[str, tuple[str, Found]], summary: IngestSummary, progress) -> None:
    known = {row[0]: row[1:] for row in con.execute(
        "SELECT source_file, size, mtime_ns, sha256 FROM raw.source_files").fetchall()}
    batch = _Batch(con)
    _drop_orphans(con)
    removed = sorted(set(known) - set(files))
    _forget(con, removed)
    summary.files_removed += len(removed)
    changed = []   # unchanged size and mtime: not read again
    for rel, (kind, found) in sorted(files.items()):
        summary.files_seen[kind] += 1
        try:   # a link not followed is known by the link itself
            stat = os.lstat(found.path) if found.problem else os.stat(found.path)
        except OSError as exc:
            found = Found(found.parts, found.path, ("unreadable_file", f"cannot be read: {exc.strerror or exc}"))
            stat = None
        previous = known.get(rel)
        if not (stat and previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns):
            changed.append((rel, kind, found, stat.st_size if stat else 0, stat.st_mtime_ns if stat else 0, previous))
    # workbooks are read in a thread, and messages are read, hashed and parsed on every core, all ahead;
    # both come back in this order
    workbooks = _Workbooks([(rel, found.path) for rel, kind, found, *_ in changed
                            if kind == "sheet" and not found.problem])
    try:
        messages = _MailResults(read_messages([found.path for _, kind, found, *_ in changed
                                               if kind == "mail" and not found.problem]))
        _land_files(con, changed, messages, workbooks, batch, summary, progress)
    finally:
        workbooks.close()


def _land_files(con, changed: list, messages: _MailResults, workbooks: _Workbooks, batch: _Batch,
                summary: IngestSummary, progress) -> None:
    total = len(changed)
    for done, (rel, kind, found, size, mtime_ns, previous) in enumerate(changed, start=1):
        if found.problem:
            digest = hashlib.sha256("\n".join(found.problem).encode("utf-8")).hexdigest()
        elif kind == "mail":
            digest, error, rows = messages.next()
        else:
            try:
                digest = _file_sha256(found.path)
            except OSError as exc:
                found = Found(found.parts, found.path, ("unreadable_file", f"cannot be read: {exc.strerror or exc}"))
                digest = hashlib.sha256("\n".join(found.problem).encode("utf-8")).hexdigest()
        if previous and previous[2] == digest:
            con.execute("UPDATE raw.source_files SET mtime_ns = ? WHERE source_file = ?", [mtime_ns, rel])
            if kind == "sheet" and not found.problem:
                workbooks.forget(rel)
            continue
        if previous:
            batch.flush()
            _forget(con, [rel])
        summary.files_read[kind] += 1
        if found.problem:
            issue = found.problem[0]
            batch.add("ingest_issues", {"source_file": rel, "reason": issue, "detail": found.problem[1]})
        elif kind == "mail":
            issue = _land_message(batch, rel, digest, error, rows)
        elif kind == "sheet":
            issue = _land_workbook(batch, rel, workbooks.sheets(rel))
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


def _drop_orphans(con) -> None:
    """Rows of a file without its manifest row: committed by a run that stopped in the middle of that file."""
    for table in PER_FILE_TABLES:
        con.execute(f"DELETE FROM raw.{table} WHERE source_file NOT IN (SELECT source_file FROM raw.source_files)")


def _forget(con, rels: list[str]) -> None:
    """Every row landed from these files: a statement a table for up to 500 of them (a run that finds ten files
    gone made 260 statements of half a millisecond each); an IN list of values, which DuckDB prunes row groups by."""
    for start in range(0, len(rels), 500):
        some = rels[start:start + 500]
        for table in PER_FILE_TABLES + ["source_files"]:
            con.execute(f"DELETE FROM raw.{table} WHERE source_file IN ({', '.join('?' * len(some))})", some)


def _check_structure(con, inputs: Path) -> None:
    seen = {row[0] for row in con.execute(
        "SELECT DISTINCT contract_sheet FROM raw.sheets_read WHERE contract_sheet IS NOT NULL").fetchall()}
    for spec in SHEETS:
        if spec.required_sheet and spec.name not in seen:
            raise InputError(f"no workbook has a sheet named {spec.name}", file=str(inputs / "sheets"),
                             sheet=spec.name)
