"""Reading and parsing many message files on every core, results in the order asked for.

Parsing with the stdlib email package is pure Python and holds the GIL, so threads do not
help: chunks of files go to worker processes, which read, hash and parse them and hand back each
chunk's rows column by column (ReadChunk: plain lists, cheap to pickle), which the caller lands in
order, a chunk's columns at once. Few chunks are in flight at a time, so a large mailbox is never
in memory at once.

The workers are plain `python -m ingestion.mail_reader` processes talking pickle over their
pipes, not a multiprocessing pool: a forked child would inherit the caller's DuckDB connection
and threads, and a spawned one re-imports the caller's main script (which Airflow, a test or a
user's script may not guard with `if __name__ == "__main__"`).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterator

from .errors import Rejected
from .limits import limits, megabytes
from .mail_message import Attachment, ParsedMessage, parse_message

# below this many messages, starting workers (~0.1 s) costs more than it saves
PARALLEL_FROM = 400
_CHUNK = 100
_IN_FLIGHT_PER_WORKER = 4
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])

# sha256, the parsed message, or (reason, detail) of why it cannot be used
Read = tuple[str, "ParsedMessage | None", "tuple[str, str] | None"]
# the columns of raw.mail_messages and raw.mail_attachments a message fills (the lineage columns are the caller's)
MESSAGE_COLUMNS = tuple(f.name for f in fields(ParsedMessage) if f.name != "attachments")
ATTACHMENT_COLUMNS = tuple(f.name for f in fields(Attachment))


@dataclass
class ReadChunk:
    """A chunk of files read: per file (sha256, (reason, detail) or None, its number of attachments), and the
    rows of the files that parsed, column by column, in file order."""
    files: list[tuple[str, "tuple[str, str] | None", int]]
    messages: dict[str, list]
    attachments: dict[str, list]


def read_chunk(paths: list) -> ReadChunk:
    chunk = ReadChunk([], {c: [] for c in MESSAGE_COLUMNS}, {c: [] for c in ATTACHMENT_COLUMNS})
    for path in paths:
        digest, msg, error = read_message(path)
        chunk.files.append((digest, error, len(msg.attachments) if msg else 0))
        if msg is None:
            continue
        for column, values in chunk.messages.items():
            values.append(getattr(msg, column))
        for att in msg.attachments:
            for column, values in chunk.attachments.items():
                values.append(getattr(att, column))
    return chunk


def read_message(path: str | Path) -> Read:
    limit = limits().message_bytes
    try:
        with open(path, "rb") as handle:
            # the first limit + 1 bytes, as read(limit + 1), which would allocate the limit (50 MB) every time
            size = min(os.fstat(handle.fileno()).st_size, limit)
            data = handle.read(size + 1)
            if len(data) > size and size < limit:   # it grew since fstat
                data += handle.read(limit - size)
            if len(data) > limit:
                digest = hashlib.sha256(data)
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
                return digest.hexdigest(), None, ("oversized_message", f"the message is larger than the limit of "
                                                  f"{megabytes(limit)} (GOVINFO_MAX_MESSAGE_MB); not read")
    except OSError as exc:
        return hashlib.sha256(b"").hexdigest(), None, ("unreadable_message", f"cannot be read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    try:
        return digest, parse_message(data), None
    except Rejected as exc:
        return digest, None, (exc.reason, exc.detail)
    except Exception as exc:  # a message the email package cannot read is kept and reported
        return digest, None, ("unreadable_message", f"{exc.__class__.__name__}: {exc}")


def default_workers() -> int:
    """GOVINFO_INGEST_WORKERS, else the cores this process may use."""
    setting = os.environ.get("GOVINFO_INGEST_WORKERS", "").strip()
    if setting:
        return max(1, int(setting))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _Worker:
    def __init__(self):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)}
        self.proc = subprocess.Popen([sys.executable, "-m", "ingestion.mail_reader"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)

    def send(self, paths: list) -> None:
        pickle.dump(paths, self.proc.stdin)
        self.proc.stdin.flush()

    def receive(self) -> ReadChunk:
        try:
            return ReadChunk(*pickle.load(self.proc.stdout))
        except EOFError:
            raise RuntimeError(f"a message-parsing worker stopped (exit {self.proc.wait()})") from None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


def read_messages(paths: list, workers: int | None = None) -> Iterator[ReadChunk]:
    """read_chunk of each run of _CHUNK paths, in order; in worker processes when there are enough of them."""
    workers = default_workers() if workers is None else workers
    chunks = iter([[str(p) for p in paths[i:i + _CHUNK]] for i in range(0, len(paths), _CHUNK)])
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        yield from map(read_chunk, chunks)
        return
    pool = [_Worker() for _ in range(workers)]
    pending: deque[_Worker] = deque()   # whose result comes next: each worker answers in the order it was asked

    def ask(worker: _Worker) -> None:
        chunk = next(chunks, None)
        if chunk is not None:
            worker.send(chunk)
            pending.append(worker)

    try:
        for _ in range(_IN_FLIGHT_PER_WORKER):
            for worker in pool:
                ask(worker)
        while pending:
            worker = pending.popleft()
            result = worker.receive()
            ask(worker)
            yield result
    finally:
        for worker in pool:
            worker.stop()


def _serve() -> None:
    """Worker: chunks of paths in on stdin, their ReadChunk out on stdout. A thread drains stdin, so the
    parent's sends never wait on a worker busy writing its results, and another writes the results, so
    the worker parses its next chunk while the parent has not read the last one yet (the parent reads in
    file order, one worker's result at a time; at most _IN_FLIGHT_PER_WORKER results wait)."""
    inbox: queue.Queue = queue.Queue()
    outbox: queue.Queue = queue.Queue()

    def receive() -> None:
        try:
            while True:
                inbox.put(pickle.load(sys.stdin.buffer))
        except EOFError:
            inbox.put(None)

    def send() -> None:
        while (result := outbox.get()) is not None:
            sys.stdout.buffer.write(result)
            sys.stdout.buffer.flush()

    threading.Thread(target=receive, daemon=True).start()
    sender = threading.Thread(target=send)
    sender.start()
    while (paths := inbox.get()) is not None:
        chunk = read_chunk(paths)   # as a tuple: run as __main__, the class would pickle under another name
        outbox.put(pickle.dumps((chunk.files, chunk.messages, chunk.attachments), protocol=pickle.HIGHEST_PROTOCOL))
    outbox.put(None)
    sender.join()


if __name__ == "__main__":
    _serve()
