"""Finding the messages under <inputs>/mail: .eml files at any depth, and Maildir cur/ and new/."""
from __future__ import annotations

import os
from pathlib import Path

_MAILDIR_SUBFOLDERS = {"cur", "new"}


def is_message_file(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    # Maildir file names carry no extension; tmp/ holds deliveries still being written.
    return path.suffix.lower() == ".eml" or path.parent.name in _MAILDIR_SUBFOLDERS


def find_mail_files(mail_dir: Path) -> tuple[list[Path], list[Path]]:
    """(message files, other files) under mail_dir, each sorted for a stable order."""
    messages, others = walk_mail_files(mail_dir)
    return [mail_dir / rel for rel in messages], [mail_dir / rel for rel in others]


def walk_mail_files(mail_dir: Path) -> tuple[list[str], list[str]]:
    """find_mail_files as POSIX paths relative to mail_dir: os.scandir and plain strings, since a
    province's mailbox holds hundreds of thousands of files and pathlib costs seconds on them."""
    found: list[tuple[str, bool]] = []
    if not mail_dir.is_dir():
        return [], []

    def walk(folder: str, rel: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                # hidden files and folders (the IMAP archive's .state/, editors' swap files) are not inputs
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{rel}{entry.name}/")
                elif entry.is_file():
                    found.append((f"{rel}{entry.name}", _is_message_name(entry.name, os.path.basename(folder))))

    walk(str(mail_dir), "")
    found.sort(key=lambda item: item[0].split("/"))   # the order of sorted(Path, ...): part by part
    return [rel for rel, is_message in found if is_message], [rel for rel, is_message in found if not is_message]


def _is_message_name(name: str, folder_name: str) -> bool:
    # is_message_file on a name and its folder's name (hidden names never get here)
    return os.path.splitext(name)[1].lower() == ".eml" or folder_name in _MAILDIR_SUBFOLDERS
