"""An inputs folder of any size, for benchmarks: `python -m devtools.generate --units N --months M --seed S --out DIR`.

Units (scale_units) and their months (scale_events) are built like the Golmud sample's and
written by the same code (golmud_mail.render, messages.py, documents.py, sheets.py), so the
scale folder has the sample's clients, encodings and awkward cases at realistic rates.

Messages are written unit by unit as they are made, in worker processes when there are
several cores: only one unit's month of messages is in memory at a time. Every byte depends
on the seed and the unit's index alone, never on the number of workers. OUT/expected.json
records what the folder must count, per period: submitted, adoptions, points, by unit.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .golmud_events import Doc, Mail
from .golmud_mail import render
from .golmud_plan import COLUMN, POINTS
from .scale_events import UnitMonths, UnitWriter
from .scale_sheets import write_registers
from .scale_units import build_units

OFFICE = "qhzwxx@163.com"
EXPECTED = "expected.json"
_CHUNK = 20   # units per worker task


def month_list(start: str, months: int) -> list[tuple[int, int]]:
    year, month = (int(p) for p in start.split("-"))
    out = []
    for _ in range(months):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _write_units(job) -> list[UnitMonths]:
    out_dir, seed, months, chunk = job
    results = []
    for index, unit in chunk:
        writer = UnitWriter(index, unit, seed)
        for year, month in months:
            folder = f"mail/{year:04d}-{month:02d}"
            (out_dir / folder).mkdir(parents=True, exist_ok=True)
            mails = sorted(writer.month(year, month), key=lambda m: (m.when, m.sender.lower(), m.subject))
            for n, mail in enumerate(mails, start=1):
                mail.file = f"{folder}/{index:05d}-{n:03d}.eml"
                (out_dir / mail.file).write_bytes(render(mail, OFFICE))
        results.append(writer.out)
    return results


def _write_others(out_dir: Path, months, count: int) -> int:
    """Per month: a delivery report and strangers' offers (about one per 100 units): not submissions."""
    written = 0
    for year, month in months:
        folder = f"mail/{year:04d}-{month:02d}"
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
        when = dt.datetime(year, month, 14, 10, 5, 0)
        mails = [Mail("report", None, when, subject="Undelivered Mail Returned to Sender",
                      sender="MAILER-DAEMON@163.com", sender_name="Mail Delivery System", client="mta")]
        for n in range(max(1, count // 100)):
            mails.append(Mail("stranger", None, when + dt.timedelta(minutes=7 * n + 1),
                              [Doc("智慧政务一体化平台解决方案", ".pdf", counted=False)],
                              subject="智慧政务一体化平台解决方案介绍", sender=f"sales{n:03d}@126.com",
                              sender_name="北京智汇政通科技有限公司", client="foxmail"))
        for n, mail in enumerate(mails, start=1):
            mail.file = f"{folder}/x-{n:03d}.eml"
            (out_dir / mail.file).write_bytes(render(mail, OFFICE))
        written += len(mails)
    return written


def _prepare(out_dir: Path) -> None:
    """Refuses a folder with other content; a folder generated before is emptied first (a mail/ that links to
    another folder's is unlinked, never emptied)."""
    if not out_dir.exists():
        return
    if any(out_dir.iterdir()) and not (out_dir / EXPECTED).is_file():
        raise ValueError(f"{out_dir} is not empty and was not written by devtools.generate")
    if (out_dir / "mail").is_symlink():
        (out_dir / "mail").unlink()
    for path in list(out_dir.glob("mail/*/*.eml")) + list(out_dir.glob("sheets/*.xlsx")):
        path.unlink()


def reuse(source: Path, out_dir: Path, units: int, months: int, seed: int, start: str) -> dict:
    """A folder generated before with the same size, seed and start, again under out_dir without writing its
    messages twice: mail/ a link to the source's, sheets/ and expected.json copied (to be written over)."""
    source = Path(source).resolve()
    summary = json.loads((source / EXPECTED).read_text(encoding="utf-8"))
    if (summary["units"], summary["months"], summary["seed"], summary["start"]) != (units, months, seed, start):
        raise ValueError(f"{source} was generated with other --units/--months/--seed/--start")
    out_dir = Path(out_dir)
    _prepare(out_dir)
    (out_dir / "sheets").mkdir(parents=True, exist_ok=True)
    (out_dir / "mail").symlink_to(source / "mail", target_is_directory=True)
    for book in (source / "sheets").glob("*.xlsx"):
        shutil.copyfile(book, out_dir / "sheets" / book.name)
    (out_dir / EXPECTED).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def generate(out_dir: Path, units: int, months: int, seed: int = 1, start: str = "2024-01",
             workers: int | None = None) -> dict:
    """Writes the folder and returns (and stores in OUT/expected.json) what it must count."""
    out_dir = Path(out_dir)
    _prepare(out_dir)
    (out_dir / "sheets").mkdir(parents=True, exist_ok=True)
    month_keys = month_list(start, months)
    unit_list = build_units(units, seed)
    chunks = [list(enumerate(unit_list))[i:i + _CHUNK] for i in range(0, units, _CHUNK)]
    jobs = [(out_dir, seed, month_keys, chunk) for chunk in chunks]
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = [r for batch in pool.map(_write_units, jobs) for r in batch]
    else:
        results = [r for job in jobs for r in _write_units(job)]
    others = _write_others(out_dir, month_keys, units)
    books = write_registers(out_dir / "sheets", unit_list, results, month_keys, seed)
    summary = {"units": units, "months": months, "seed": seed, "start": start,
               "messages": sum(r.messages for r in results) + others, "workbooks": books,
               "periods": expected_periods(unit_list, results, month_keys)}
    (out_dir / EXPECTED).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def expected_periods(units, results: list[UnitMonths], months) -> dict:
    """Per period (odd first month): totals and, per unit, [submitted, points] of the period."""
    periods: dict[str, dict] = {}
    for year, month in months:
        first = month if month % 2 else month - 1
        period = periods.setdefault(f"{year:04d}-{first:02d}", {"submitted": 0, "points": 0,
                                                                  **{c: 0 for c in COLUMN.values()}, "by_unit": {}})
        for r in results:
            figures = Counter({"submitted": r.counted[(year, month)]})
            for (kind, level), column in COLUMN.items():
                figures[column] = r.adopted[(year, month, kind, level)]
            points = figures["submitted"] * POINTS["报送"] + sum(
                figures[c] * POINTS[k] for k, c in COLUMN.items())
            for key, value in figures.items():
                period[key] += value
            period["points"] += points
            mine = period["by_unit"].setdefault(units[r.index].short, [0, 0])
            mine[0] += figures["submitted"]
            mine[1] += points
    return periods
