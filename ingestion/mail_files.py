"""Finding the messages under <inputs>/mail: .eml files at any depth, and Maildir cur/ and new/."""
from __future__ import annotations

from pathlib import Path

_MAILDIR_SUBFOLDERS = {"cur", "new"}


def is_message_file(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    # Maildir file names carry no extension; tmp/ holds deliveries still being written.
    return path.suffix.lower() == ".eml" or path.parent.name in _MAILDIR_SUBFOLDERS


def find_mail_files(mail_dir: Path) -> tuple[list[Path], list[Path]]:
    """(message files, other files) under mail_dir, each sorted for a stable order."""
    messages, others = [], []
    if not mail_dir.is_dir():
        return messages, others
    # hidden files and folders (the IMAP archive's .state/, editors' swap files) are not inputs
    visible = (p for p in mail_dir.rglob("*")
               if p.is_file() and not any(part.startswith(".") for part in p.relative_to(mail_dir).parts))
    for path in sorted(visible):
        (messages if is_message_file(path) else others).append(path)
    return messages, others
