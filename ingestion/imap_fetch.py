"""Archive an IMAP folder's new messages under <inputs>/mail/imap/: each message exactly once, nothing lost.

Layout (every state file's own name starts with '.', which the inputs discovery skips):
  imap/<folder>/<uidvalidity>-<uid>.eml   the raw bytes (BODY.PEEK[]) as the server holds them
  imap/.state/.index.jsonl                one line per UID taken: file, sha256, message_id, account, folder, ...
  imap/.state/.watermark-<key>.json       per (host, user, folder): UIDVALIDITY and the last UID taken
  imap/.state/.lock                       one fetch at a time
Per batch: each message file durable (temp file, fsync, rename, fsync dir), its index line, then the watermark.
Stdlib only, so that Airflow can import it at parse time.
"""
from __future__ import annotations

import base64
import fcntl
import hashlib
import imaplib
import json
import os
import re
import ssl
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import Callable

# where the archive lives, below the inputs folder (as path parts)
ARCHIVE_FOLDER = ("mail", "imap")
BATCH_SIZE = 200
# imaplib holds a whole FETCH response in memory: big messages are fetched a few at a time
CHUNK_BYTES = 32 * 1024 * 1024
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "plain": 143}
_TRUE = {"1", "true", "yes", "on"}


class ImapError(Exception):
    """The mailbox cannot be read as configured; the message says why."""


class ImapAuthError(ImapError):
    """The server refused the login: retrying will not help."""


class ImapConnectionError(ImapError):
    """Network or server trouble: what was archived is kept and a later run goes on from there."""


@dataclass(frozen=True)
class ImapSettings:
    host: str
    user: str
    password: str = field(repr=False)
    port: int = 0  # 0: the security's usual port
    folder: str = "INBOX"
    security: str = "tls"
    delete_archived: bool = False
    timeout: float = 60.0

    def __post_init__(self):
        if self.security not in DEFAULT_PORTS:
            raise ImapError(f"IMAP security must be tls, starttls or plain, not {self.security!r}")
        if not self.host or not self.user:
            raise ImapError("IMAP host and user are required")
        if not self.port:
            object.__setattr__(self, "port", DEFAULT_PORTS[self.security])

    @property
    def account(self) -> str:
        return f"{self.user}@{self.host}"

    @classmethod
    def from_env(cls, env=None) -> "ImapSettings":
        env = os.environ if env is None else env
        missing = [n for n in ("GOVINFO_IMAP_HOST", "GOVINFO_IMAP_USER", "GOVINFO_IMAP_PASSWORD") if not env.get(n)]
        if missing:
            raise ImapError("IMAP settings missing: set " + ", ".join(missing))
        return cls(host=env["GOVINFO_IMAP_HOST"], user=env["GOVINFO_IMAP_USER"],
                   password=env["GOVINFO_IMAP_PASSWORD"], port=_port(env.get("GOVINFO_IMAP_PORT")),
                   folder=env.get("GOVINFO_IMAP_FOLDER") or "INBOX",
                   security=(env.get("GOVINFO_IMAP_SECURITY") or "tls").strip().lower(),
                   delete_archived=str(env.get("GOVINFO_IMAP_DELETE_ARCHIVED", "")).lower() in _TRUE)

    @classmethod
    def from_connection(cls, conn) -> "ImapSettings":
        """From an Airflow Connection: host, port, login, password; extra {"folder", "security", "delete_archived"}."""
        extra = conn.extra_dejson or {}
        return cls(host=conn.host or "", user=conn.login or "", password=conn.password or "",
                   port=_port(conn.port), folder=extra.get("folder") or "INBOX",
                   security=str(extra.get("security") or "tls").strip().lower(),
                   delete_archived=str(extra.get("delete_archived", "")).lower() in _TRUE)


def _port(value) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise ImapError(f"IMAP port must be a number, not {value!r}") from None


@dataclass
class FetchSummary:
    account: str
    folder: str
    uidvalidity: int
    watermark: int
    archive: Path
    fetched: int = 0
    already_had: int = 0
    deleted: int = 0

    def line(self) -> str:
        deleted = f", deleted {self.deleted} on the server" if self.deleted else ""
        return (f"fetch-mail: fetched {self.fetched}, already had {self.already_had}, folder {self.folder} "
                f"of {self.account}, watermark {self.uidvalidity}:{self.watermark}{deleted}")


# ---- connection -------------------------------------------------------------------------------------

def open_connection(settings: ImapSettings, imap_class=None) -> imaplib.IMAP4:
    """A logged-in connection; ImapAuthError or ImapConnectionError before anything is written."""
    where = f"{settings.host}:{settings.port} ({settings.security})"
    try:
        if settings.security == "tls":
            imap = (imap_class or imaplib.IMAP4_SSL)(settings.host, settings.port, timeout=settings.timeout,
                                                     ssl_context=ssl.create_default_context())
        else:
            imap = (imap_class or imaplib.IMAP4)(settings.host, settings.port, timeout=settings.timeout)
            if settings.security == "starttls":
                imap.starttls(ssl.create_default_context())
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapConnectionError(f"cannot connect to IMAP server {where}: {_text(exc)}") from exc
    try:
        imap.login(settings.user, settings.password)
    except imaplib.IMAP4.abort as exc:
        raise ImapConnectionError(f"connection to {where} lost during login: {_text(exc)}") from exc
    except imaplib.IMAP4.error as exc:
        _logout(imap)
        raise ImapAuthError(f"IMAP authentication failed for {settings.account}: {_text(exc)}") from exc
    except OSError as exc:
        raise ImapConnectionError(f"connection to {where} lost during login: {exc}") from exc
    return imap


def _call(settings: ImapSettings, method, *args, what: str | None = None) -> list:
    """One IMAP command: its untagged data, or ImapConnectionError / ImapError."""
    try:
        typ, data = method(*args)
    except imaplib.IMAP4.abort as exc:  # abort is an IMAP4.error: test it first
        raise ImapConnectionError(f"connection to {settings.host}:{settings.port} lost: {_text(exc)}; "
                                  "what was archived is kept, the next run goes on from there") from exc
    except OSError as exc:
        raise ImapConnectionError(f"connection to {settings.host}:{settings.port} lost: {exc}; "
                                  "what was archived is kept, the next run goes on from there") from exc
    except imaplib.IMAP4.error as exc:
        raise ImapError(f"{settings.account}: {_text(exc)}") from exc
    if typ != "OK":
        raise ImapError(f"{settings.account}: {what or args[0]} refused: {_text(data)}")
    return data


def _logout(imap) -> None:
    try:
        imap.logout()
    except Exception:  # the connection may already be gone; nothing to keep
        pass


def _text(value) -> str:
    if isinstance(value, BaseException):
        value = value.args[0] if len(value.args) == 1 else value
    if isinstance(value, list):
        value = b" ".join(v for v in value if isinstance(v, bytes))
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _utf7(name: str) -> str:
    """IMAP's modified UTF-7 (RFC 3501 5.1.3), so that a folder such as 收件箱 can be selected."""
    out, run = [], []

    def flush():
        if run:
            b64 = base64.b64encode("".join(run).encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append(f"&{b64}-")
            run.clear()
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def _quoted_folder(folder: str) -> str:
    return '"' + _utf7(folder).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _uid_set(uids: list[int]) -> str:
    """1,2,3,7 -> 1:3,7 so that a batch's command line stays short."""
    parts, start = [], None
    for i, uid in enumerate(uids):
        start = uid if start is None else start
        if i + 1 == len(uids) or uids[i + 1] != uid + 1:
            parts.append(str(uid) if start == uid else f"{start}:{uid}")
            start = None
    return ",".join(parts)


_FETCH_START = re.compile(rb"^\d+ \(")
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")


def _fetch_items(data: list) -> list[tuple[bytes, bytes | None]]:
    """(attributes, literal) per FETCH response; a server may put attributes such as UID after the literal."""
    items: list[list] = []
    for part in data:
        if isinstance(part, tuple):
            items.append([part[0], part[1]])
        elif isinstance(part, bytes) and (_FETCH_START.match(part) or not items):
            items.append([part, None])
        elif isinstance(part, bytes):
            items[-1][0] += b" " + part  # the rest of the response after its literal, e.g. b' UID 7)'
    return [(attrs, literal) for attrs, literal in items]


def _uid_of(attrs: bytes) -> int | None:
    match = _UID.search(attrs)
    return int(match.group(1)) if match else None


def message_id(raw: bytes) -> str | None:
    """The Message-ID without whitespace, or None when absent or not of the form <left@right>."""
    value = BytesHeaderParser(policy=compat32).parsebytes(raw, headersonly=True).get("Message-ID")
    value = "".join(str(value or "").split())
    return value if "@" in value else None


# ---- the archive --------------------------------------------------------------------------------------

def folder_dir_name(folder: str) -> str:
    """One readable path component per IMAP folder; never hidden, since hidden names are not read as inputs."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", folder).strip(" .") or "_"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _make_dir(path: Path) -> None:
    if not path.is_dir():
        _make_dir(path.parent)
        path.mkdir(exist_ok=True)
        _fsync_dir(path.parent)  # the new folder's own entry must survive a crash too


class Archive:
    """The .eml files and the index of what was taken; the files are the truth, the index is rebuilt from them."""

    def __init__(self, root: Path):
        self.root, self.state = Path(root), Path(root) / ".state"
        self.index_path = self.state / ".index.jsonl"
        self.by_uid: dict[tuple, str] = {}
        self.by_sha: dict[str, str] = {}
        self.by_mid: dict[str, str] = {}
        self.files: set[str] = set()

    @contextmanager
    def locked(self):
        _make_dir(self.state)
        with open(self.state / ".lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ImapError(f"another fetch-mail is writing to {self.root}") from None
            yield self

    def load(self) -> None:
        if self.index_path.exists():
            for line in self.index_path.read_text(encoding="utf-8").splitlines():
                try:
                    self._remember(json.loads(line))
                except (ValueError, KeyError):
                    continue  # a line cut short by a crash: its file is picked up below
        self._adopt_orphans()

    def _adopt_orphans(self) -> None:
        """A crash between a file's rename and its index line leaves a file the index lacks: index it now."""
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            for path in sorted(folder.iterdir()):
                if path.name.startswith(".") and path.name.endswith(".tmp"):
                    path.unlink()  # never renamed, so never counted as taken: its UID is fetched again
                elif path.suffix == ".eml" and path.relative_to(self.root).as_posix() not in self.files:
                    data = path.read_bytes()
                    found = re.fullmatch(r"(\d+)-(\d+)(-\w+)?", path.stem)
                    self.add({"file": path.relative_to(self.root).as_posix(),
                              "sha256": hashlib.sha256(data).hexdigest(), "message_id": message_id(data),
                              "account": None, "folder": None, "uidvalidity": int(found[1]) if found else None,
                              "uid": int(found[2]) if found else None, "recovered": True})

    def _remember(self, entry: dict) -> None:
        file = entry["file"]
        self.files.add(file)
        if entry.get("account"):
            self.by_uid[(entry["account"], entry["folder"], entry["uidvalidity"], entry["uid"])] = file
        if entry.get("sha256"):
            self.by_sha.setdefault(entry["sha256"], file)
        if entry.get("message_id"):
            self.by_mid.setdefault(entry["message_id"], file)

    def add(self, entry: dict) -> None:
        with open(self.index_path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._remember(entry)

    def store(self, folder: str, uidvalidity: int, uid: int, data: bytes, sha: str) -> str:
        directory = self.root / folder_dir_name(folder)
        _make_dir(directory)
        path = directory / f"{uidvalidity}-{uid}.eml"
        if path.exists():  # another account's folder of the same name: keep both
            path = directory / f"{uidvalidity}-{uid}-{sha[:12]}.eml"
        _write_durably(path, data)
        return path.relative_to(self.root).as_posix()

    def _watermark_path(self, settings: ImapSettings) -> Path:
        key = hashlib.sha256(f"{settings.host}\0{settings.user}\0{settings.folder}".encode()).hexdigest()[:16]
        return self.state / f".watermark-{key}.json"

    def watermark(self, settings: ImapSettings) -> dict | None:
        path = self._watermark_path(settings)
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def save_watermark(self, settings: ImapSettings, uidvalidity: int, last_uid: int) -> None:
        _write_durably(self._watermark_path(settings), json.dumps(
            {"host": settings.host, "user": settings.user, "folder": settings.folder,
             "uidvalidity": uidvalidity, "last_uid": last_uid}, ensure_ascii=False).encode())


# ---- the sync -----------------------------------------------------------------------------------------

def fetch_new_messages(settings: ImapSettings, archive_root: Path, progress: Callable[[str], None] = lambda _: None,
                       *, batch_size: int = BATCH_SIZE, chunk_bytes: int = CHUNK_BYTES,
                       connect: Callable[[ImapSettings], imaplib.IMAP4] = open_connection) -> FetchSummary:
    """Archive the folder's messages not taken yet under archive_root (<inputs>/mail/imap)."""
    imap = connect(settings)  # a refused login raises here, before anything is written
    try:
        exists, uidvalidity = _select(imap, settings)
        with Archive(archive_root).locked() as archive:
            archive.load()
            return _Sync(imap, settings, archive, uidvalidity, progress).run(exists, batch_size, chunk_bytes)
    finally:
        _logout(imap)


def _select(imap, settings: ImapSettings) -> tuple[int, int]:
    # read-only (EXAMINE) unless told to delete: then nothing on the server can change by mistake
    data = _call(settings, imap.select, _quoted_folder(settings.folder), not settings.delete_archived,
                 what=f"opening folder {settings.folder}")
    _, validity = imap.response("UIDVALIDITY")
    if not validity or not validity[0]:
        raise ImapError(f"{settings.account}: the server gave no UIDVALIDITY for {settings.folder}")
    return int(data[0] or 0), int(validity[0])


class _Sync:
    def __init__(self, imap, settings: ImapSettings, archive: Archive, uidvalidity: int, progress):
        self.imap, self.settings, self.archive, self.progress = imap, settings, archive, progress
        self.uidvalidity = uidvalidity
        self.key = (settings.account, settings.folder, uidvalidity)

    def run(self, exists: int, batch_size: int, chunk_bytes: int) -> FetchSummary:
        state = self.archive.watermark(self.settings)
        last = state["last_uid"] if state and state["uidvalidity"] == self.uidvalidity else 0
        if state and state["uidvalidity"] != self.uidvalidity:
            self.progress(f"fetch-mail: UIDVALIDITY of {self.settings.folder} changed from {state['uidvalidity']} "
                          f"to {self.uidvalidity}: re-scanning, known messages recognised by Message-ID and SHA-256")
        summary = FetchSummary(self.settings.account, self.settings.folder, self.uidvalidity, last, self.archive.root)
        uids = self._uids_after(last) if exists else []
        if uids:
            self.progress(f"fetch-mail: {len(uids)} new in {self.settings.folder} of {self.settings.account}")
        for start in range(0, len(uids), batch_size):
            batch = uids[start:start + batch_size]
            self._take(batch, summary, chunk_bytes)
            # every message of the batch is durable and indexed: only now may the watermark move
            self.archive.save_watermark(self.settings, self.uidvalidity, batch[-1])
            summary.watermark = batch[-1]
            if self.settings.delete_archived:
                self._delete(batch, summary)
            self.progress(f"fetch-mail: {start + len(batch)}/{len(uids)} new in {self.settings.folder} "
                          f"({summary.fetched} archived, {summary.already_had} already had)")
        if not uids and (state is None or state["uidvalidity"] != self.uidvalidity):
            self.archive.save_watermark(self.settings, self.uidvalidity, last)
        return summary

    def _uids_after(self, last: int) -> list[int]:
        # UID FETCH answers one short line per message, where a UID SEARCH line could pass imaplib's 1 MB limit;
        # 'n:*' always includes the newest message, even below n
        data = _call(self.settings, self.imap.uid, "FETCH", f"{last + 1}:*", "(UID)")
        return sorted({uid for attrs, _ in _fetch_items(data) if (uid := _uid_of(attrs)) and uid > last})

    def _take(self, batch: list[int], summary: FetchSummary, chunk_bytes: int) -> None:
        wanted = set(batch)
        heads = _call(self.settings, self.imap.uid, "FETCH", _uid_set(batch),
                      "(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        pending: list[tuple[int, int]] = []
        for attrs, literal in _fetch_items(heads):
            uid = _uid_of(attrs)
            if uid not in wanted:
                continue  # an unsolicited FETCH (a flag change) or a message expunged meanwhile
            wanted.discard(uid)
            mid = message_id(literal or b"")
            known = self.archive.by_uid.get((*self.key, uid)) or (mid and self.archive.by_mid.get(mid))
            if known:
                self._note_known(uid, known, None, mid, summary)
            else:
                size = _SIZE.search(attrs)
                pending.append((uid, int(size.group(1)) if size else 0))
        for chunk in _chunks(pending, chunk_bytes):
            data = _call(self.settings, self.imap.uid, "FETCH", _uid_set(chunk), "(UID BODY.PEEK[])")
            for attrs, literal in _fetch_items(data):
                uid = _uid_of(attrs)
                if uid in chunk and literal is not None:
                    self._archive_one(uid, literal, summary)

    def _archive_one(self, uid: int, data: bytes, summary: FetchSummary) -> None:
        sha, mid = hashlib.sha256(data).hexdigest(), message_id(data)
        known = self.archive.by_sha.get(sha) or (mid and self.archive.by_mid.get(mid))
        if known:
            self._note_known(uid, known, sha, mid, summary)
            return
        file = self.archive.store(self.settings.folder, self.uidvalidity, uid, data, sha)
        self.archive.add(self._entry(uid, file, sha, mid))
        summary.fetched += 1

    def _note_known(self, uid, file, sha, mid, summary: FetchSummary) -> None:
        """This UID's message is already archived: note the UID (no second file), so it is never fetched again."""
        if (*self.key, uid) not in self.archive.by_uid:
            self.archive.add({**self._entry(uid, file, sha, mid), "duplicate": True})
        summary.already_had += 1

    def _entry(self, uid, file, sha, mid) -> dict:
        return {"file": file, "sha256": sha, "message_id": mid, "account": self.settings.account,
                "folder": self.settings.folder, "uidvalidity": self.uidvalidity, "uid": uid}

    def _delete(self, batch: list[int], summary: FetchSummary) -> None:
        uid_set = _uid_set(batch)
        _call(self.settings, self.imap.uid, "STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)")
        if "UIDPLUS" in self.imap.capabilities:
            _call(self.settings, self.imap.uid, "EXPUNGE", uid_set)  # only ours, not others' \Deleted mail
        else:
            _call(self.settings, self.imap.expunge)
        summary.deleted += len(batch)


def _chunks(pending: list[tuple[int, int]], chunk_bytes: int) -> list[list[int]]:
    chunks, current, size = [], [], 0
    for uid, msg_size in pending:
        if current and size + msg_size > chunk_bytes:
            chunks.append(current)
            current, size = [], 0
        current.append(uid)
        size += msg_size
    return chunks + [current] if current else chunks
