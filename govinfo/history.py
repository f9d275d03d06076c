"""Publication history: publishing a period again keeps the earlier files and says what changed.

When a period's new annex.csv or rejected.csv differ from the published ones, the earlier
files are copied to <period>/history/<time of replacement>/ with changes.csv beside them: one
row per unit added, removed, or per figure or verdict that moved, with old and new values.
Publishing the same content again leaves everything as it is.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

PUBLISHED = ("annex.csv", "annex.xlsx", "points.csv", "rejected.csv", "validation.html")
COMPARED = ("annex.csv", "rejected.csv")  # the other files are derived from the same rows
CHANGES_COLUMNS = ["unit", "change", "column", "old", "new"]
_TZ = ZoneInfo("Asia/Shanghai")


def _rows_by_unit(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))  # the clerk's CSVs carry a BOM
    return list(reader.fieldnames or []), {row["unit"]: row for row in reader}


def annex_changes(old_text: str, new_text: str) -> list[dict[str, str]]:
    """The differences between two annex.csv texts, unit by unit (row order is not a change)."""
    _, old = _rows_by_unit(old_text)
    new_columns, new = _rows_by_unit(new_text)
    columns = [c for c in new_columns if c != "unit"]
    changes = []
    for unit in [u for u in old if u not in new]:
        changes.append({"unit": unit, "change": "removed", "column": "", "old": "", "new": ""})
    for unit, row in new.items():
        if unit not in old:
            changes.append({"unit": unit, "change": "added", "column": "", "old": "", "new": ""})
            continue
        changes += [{"unit": unit, "change": "changed", "column": c, "old": old[unit].get(c, ""),
                     "new": row.get(c, "")} for c in columns if old[unit].get(c) != row.get(c)]
    return changes


def keep_previous(folder: Path, new_texts: dict[str, str]) -> Path | None:
    """Before the period in folder is published with new_texts (file name → text), keep what is there.

    Returns the history folder written, or None when nothing was published yet or nothing changed.
    """
    folder = Path(folder)
    if not (folder / "annex.csv").exists():
        return None
    old_texts = {name: (folder / name).read_text(encoding="utf-8") if (folder / name).exists() else None
                 for name in COMPARED}
    if all(old_texts[name] == new_texts.get(name) for name in COMPARED):
        return None
    stamp = dt.datetime.now(_TZ).strftime("%Y%m%dT%H%M%S.%f")
    kept = folder / "history" / stamp
    kept.mkdir(parents=True)
    for name in PUBLISHED:
        if (folder / name).exists():
            shutil.copy2(folder / name, kept / name)
    with open(kept / "changes.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, CHANGES_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(annex_changes(old_texts["annex.csv"], new_texts["annex.csv"]))
    return kept


def withdraw(folder: Path) -> Path | None:
    """Take a published period down: its files move to <period>/history/<time>/ with changes.csv saying every
    unit was removed; only history/ stays in the folder. Returns the history folder, None if nothing was there."""
    folder = Path(folder)
    published = [entry for entry in folder.iterdir() if entry.name != "history"] if folder.is_dir() else []
    if not published:
        return None
    kept = folder / "history" / dt.datetime.now(_TZ).strftime("%Y%m%dT%H%M%S.%f")
    kept.mkdir(parents=True)
    old_annex = (folder / "annex.csv").read_text(encoding="utf-8") if (folder / "annex.csv").exists() else ""
    for entry in published:
        entry.rename(kept / entry.name)
    with open(kept / "changes.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, CHANGES_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(annex_changes(old_annex, ""))
    return kept
