"""A period's folder published as one set: written whole under a temporary name, then swapped in.

`staged_folder(publish/P)` yields a new folder `publish/.P.new-<pid>/`; when the block succeeds the
earlier set is kept under history/ (govinfo/history.py), the history is carried over (hard links) and
the new folder takes the place of `publish/P` in one exchange (Linux renameat2 RENAME_EXCHANGE; where
the filesystem cannot, two renames). A reader sees the whole old set or the whole new set. What a run
killed on the way leaves (`.P.new-<pid>`, `.P.old-<pid>`) is cleared by the next run: `remove_leftovers`.
"""
from __future__ import annotations

import ctypes
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import pause
from .history import COMPARED, keep_previous
from .run_lock import another_run

_LEFTOVER = re.compile(r"^\.(?P<period>.+)\.(?P<kind>new|old)-(?P<pid>\d+)$")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the C library or the filesystem cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _swap_in(new: Path, final: Path, old: Path) -> None:
    if not final.exists():
        os.rename(new, final)
    elif _exchange(new, final):  # new now holds the earlier set
        os.rename(new, old)
    else:
        os.rename(final, old)
        os.rename(new, final)


@contextmanager
def staged_folder(final: Path, progress: Callable[[str], None] = lambda _: None) -> Iterator[Path]:
    """A new, empty folder for the period's files, swapped in for `final` when the block succeeds."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    for line in remove_leftovers(final.parent):
        progress(line)
    new = final.with_name(f".{final.name}.new-{os.getpid()}")
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    new.mkdir()
    try:
        yield new
        pause.at("publish")
        keep_previous(final, {name: (new / name).read_text(encoding="utf-8") for name in COMPARED
                              if (new / name).exists()})
        if (final / "history").is_dir():
            shutil.copytree(final / "history", new / "history", copy_function=os.link)
        os.chmod(new, 0o755)
        _swap_in(new, final, old)
    finally:
        for path in (new, old):
            shutil.rmtree(path, ignore_errors=True)


def remove_leftovers(publish_dir: Path) -> list[str]:
    """Clear the temporary folders of runs that were killed while publishing; one line for each."""
    publish_dir = Path(publish_dir)
    if not publish_dir.is_dir():
        return []
    lines = []
    for path in sorted(publish_dir.iterdir()):
        match = _LEFTOVER.match(path.name)
        if not match or not path.is_dir() or another_run(int(match["pid"])):
            continue
        final = publish_dir / match["period"]
        if match["kind"] == "old" and not final.exists():  # killed between the two renames: the old set returns
            os.rename(path, final)
            lines.append(f"{final}: restored the published set a killed run (pid {match['pid']}) had moved aside")
            continue
        shutil.rmtree(path)
        lines.append(f"{path}: removed, left by a run (pid {match['pid']}) killed while publishing {match['period']}")
    return lines
