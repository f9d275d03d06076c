"""Which files under <inputs>/mail are messages: .eml files at any depth, and Maildir cur/ and new/."""
from __future__ import annotations

import os
from pathlib import Path

from .input_files import walk

_MAILDIR_SUBFOLDERS = {"cur", "new"}


def is_message_name(name: str, folder_name: str) -> bool:
    # Maildir file names carry no extension; tmp/ holds deliveries still being written.
    return os.path.splitext(name)[1].lower() == ".eml" or folder_name in _MAILDIR_SUBFOLDERS


def find_mail_files(mail_dir: Path) -> tuple[list[Path], list[Path]]:
    """(message files, other files) under mail_dir, each sorted for a stable order."""
    found = walk(str(mail_dir.parent), (mail_dir.name,))
    messages = [f for f in found if len(f.parts) > 1 and is_message_name(f.parts[-1], f.parts[-2])]
    others = [f for f in found if f not in messages]
    return [mail_dir.parent.joinpath(*f.parts) for f in messages], [mail_dir.parent.joinpath(*f.parts) for f in others]
