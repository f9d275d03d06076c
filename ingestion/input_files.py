"""Finding the files of an inputs folder without ever leaving it.

A symbolic link is followed only when it ends inside the inputs folder: a link out of it (to
/etc/passwd, another county's inputs) and a link that loops or points nowhere are reported with
their path, never read. A file reached twice (itself and through a link) is read once. Hidden files
and folders (names starting with '.': .DS_Store, a Maildir++ .Trash/, LibreOffice's .~lock…#) are
reported, not read; only the IMAP archive's own bookkeeping under mail/imap/ is passed over in silence.
File names that are not UTF-8 (GBK bytes, as an unzip on Windows leaves them) are read as GB18030.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .imap_fetch import ARCHIVE_FOLDER


@dataclass(frozen=True)
class Found:
    parts: tuple[str, ...]               # the path below the walked folder, as text the database accepts
    path: str                            # where to open it
    problem: tuple[str, str] | None = None   # (reason, detail) when it is not read
    via_link: bool = False               # reached through a symbolic link


def display_name(name: str) -> str:
    """A file name as text: undecodable bytes (surrogate escapes) read as GB18030, else shown escaped."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _hidden(entry: os.DirEntry) -> str:
    what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
    return (f"a hidden {what} (its name starts with '.': a system's, a mail program's or an editor's own); "
            "not read")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk(inputs_root: str, folders: tuple[str, ...]) -> list[Found]:
    """Every file under the given sub-folders of the inputs folder, in path order (parts start with the
    sub-folder), with the hidden names and the links that are not read and why."""
    root = os.path.realpath(inputs_root)
    found: list[Found] = []
    real: dict[str, str] = {}   # where each file to read really is, known without a realpath per file

    def visit(directory: str, real_dir: str, parts: tuple[str, ...], open_dirs: frozenset[str],
              via_link: bool = False) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                here = (*parts, display_name(entry.name))
                if entry.name.startswith("."):
                    if parts[:len(ARCHIVE_FOLDER)] != ARCHIVE_FOLDER:  # the archive's .state/ and temporary files
                        found.append(Found(here, entry.path, ("hidden_file", _hidden(entry))))
                    continue
                if not entry.is_symlink():   # what is no link is where its folder really is
                    if entry.is_dir(follow_symlinks=False):
                        real_sub = os.path.join(real_dir, entry.name)
                        visit(entry.path, real_sub, here, open_dirs | {real_sub}, via_link)
                    elif entry.is_file(follow_symlinks=False):
                        found.append(Found(here, entry.path, via_link=via_link))
                        real[entry.path] = os.path.join(real_dir, entry.name)
                    else:
                        found.append(Found(here, entry.path, ("not_an_input", "not a regular file (a pipe, "
                                                                               "socket or device); not read")))
                    continue
                link = display_name(os.readlink(entry.path))
                try:
                    target = os.path.realpath(entry.path, strict=True)
                except OSError:
                    found.append(Found(here, entry.path, ("broken_link", f"a symbolic link to {link} that loops "
                                                                         "or points nowhere; not read")))
                    continue
                if not _inside(target, root):
                    found.append(Found(here, entry.path, ("link_outside_inputs", f"a symbolic link to {link}, "
                                                          "outside the inputs folder; not read")))
                elif os.path.isdir(target):
                    if target in open_dirs:
                        found.append(Found(here, entry.path, ("broken_link", f"a symbolic link to {link}, a folder "
                                                              "that holds the link itself (a loop); not read")))
                    else:
                        visit(target, target, here, open_dirs | {target}, via_link=True)
                elif os.path.isfile(target):
                    found.append(Found(here, target, via_link=True))
                    real[target] = target
                else:
                    found.append(Found(here, entry.path, ("not_an_input", f"a symbolic link to {link}, which is "
                                                                          "not a regular file; not read")))

    for name in folders:
        folder = os.path.join(inputs_root, name)
        if os.path.isdir(folder):
            real_folder = os.path.realpath(folder)
            visit(folder, real_folder, (name,), frozenset({real_folder}))
    found.sort(key=lambda item: item.parts)
    return _read_once(found, real)


def _read_once(found: list[Found], real: dict[str, str]) -> list[Found]:
    """A file reached twice (itself and through a link, or two links) is read at its first path."""
    first: dict[str, tuple[str, ...]] = {}
    for item in sorted(found, key=lambda item: (item.via_link, item.parts)):
        if item.problem is None:
            first.setdefault(real[item.path], item.parts)
    out = []
    for item in found:
        owner = first.get(real[item.path]) if item.problem is None else None
        if owner is not None and owner != item.parts:
            item = Found(item.parts, item.path, ("linked_copy", f"the same file as {'/'.join(owner)}, which is "
                                                                "read under that name"), item.via_link)
        out.append(item)
    return out
