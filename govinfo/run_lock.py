"""One run at a time on a warehouse: a lock file beside it, `<warehouse>.lock`, held with flock.

The lock belongs to the open file, so the kernel lets it go when the holder exits in any way (kill -9
included): a killed run never leaves a stale lock. The file says who holds it (pid, command, start
time) so a second run can name the holder; it is never deleted (deleting a flock file races).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

DEFAULT_WAIT_SECONDS = 300
SHANGHAI = ZoneInfo("Asia/Shanghai")


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse, or another program has the warehouse file open."""


def lock_path(warehouse: Path) -> Path:
    return Path(warehouse).with_name(Path(warehouse).name + ".lock")


def another_run(pid: int) -> bool:
    """A live process other than this one (a leftover named with this pid is from an earlier process)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(fd: int) -> str:
    try:
        held = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
    except (ValueError, OSError):
        held = {}
    if not held:
        return "another run"
    return f"pid {held.get('pid')}, `{held.get('command')}`, started {held.get('started')}"


@contextmanager
def warehouse_lock(warehouse: Path, command: str, wait: float = DEFAULT_WAIT_SECONDS,
                   progress: Callable[[str], None] = lambda _: None,
                   then: str = "or run again with --wait SECONDS") -> Iterator[None]:
    """Hold the warehouse's lock for the block, waiting up to `wait` seconds for the run that has it; `then` is
    what the busy sentence advises beside waiting (the CLI's --wait; an Airflow task is retried instead)."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline, said = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"{warehouse} is in use by {_holder(fd)}: wait for it to finish, "
                                        f"{then} (waited {wait:g} s)") from None
                if not said:
                    progress(f"waiting up to {wait:g} s for {_holder(fd)} to finish with {warehouse}")
                    said = True
                time.sleep(0.5)
        started = dt.datetime.now(SHANGHAI).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "command": command, "started": started},
                                 ensure_ascii=False).encode("utf-8"), 0)
        _check_no_reader(Path(warehouse))
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


def _check_no_reader(warehouse: Path) -> None:
    """A BI tool or DuckDB shell that opened the warehouse file itself blocks every write: say so plainly."""
    import duckdb  # here, so that the CLI's --help stays instant

    if not warehouse.exists():
        return
    try:
        duckdb.connect(str(warehouse)).close()
    except duckdb.IOException as exc:
        raise WarehouseBusy(busy_file_sentence(warehouse, str(exc))) from None


def busy_file_sentence(warehouse: Path, duckdb_message: str) -> str:
    """DuckDB's lock conflict as a sentence naming the program that holds the file."""
    pid = re.search(r"PID (\d+)", duckdb_message)
    who = "another program"
    if pid:
        try:
            cmd = Path(f"/proc/{pid[1]}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            cmd = ""
        who = f"another program (pid {pid[1]}{', `' + cmd[:120] + '`' if cmd else ''})"
    return (f"{warehouse} is open in {who}: close it and run again; BI tools and shells should read "
            f"the serving copy beside it, never the warehouse")
