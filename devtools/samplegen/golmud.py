"""The bundled sample: Golmud, January-June 2024, reproducing the annex of the notice of
10 July 2024 (annex-2024-05.csv) figure for figure.

    python -m devtools.samplegen.golmud OUT_DIR      (the committed copy: samples/golmud-2024)

writes OUT_DIR/mail/YYYY-MM/NNNN.eml and OUT_DIR/sheets/*.xlsx (the inputs), and two files
that are not inputs: OUT_DIR/cases.csv (what each awkward file or row exercises) and
OUT_DIR/manifest.csv (one row per message: kind, unit, client, time, subject, attachments, and
the titles it adds to the 2024 figures: none for repeats, corrections, excluded titles,
December 2023, auto-replies, the report, the stranger). The steps: plan (golmud_plan: unit x month x counts,
checked against the annex), events (golmud_events: dated messages and paper rows), cases
(golmud_cases), adoptions (golmud_adoptions), then bytes (golmud_mail, golmud_sheets). Before
writing, the events are checked to give back exactly the plan."""
from __future__ import annotations

import csv
import io
import sys
from collections import Counter, defaultdict
from pathlib import Path

from .golmud_adoptions import assign_adoptions
from .golmud_cases import apply_cases
from .golmud_commissions import adopt_commissioned, paper_answers
from .golmud_events import Events, Mail, build_events, collect_submissions
from .golmud_mail import render
from .golmud_plan import COLUMN, MONTHS, build_plan
from .golmud_sheets import SheetWriter
from .golmud_titles import title_key

SEED = 20240710


def _number(mails: list[Mail]) -> None:
    per_folder: Counter = Counter()
    for mail in sorted(mails, key=lambda m: (m.when, m.sender.lower(), m.subject)):
        folder = f"{mail.when:%Y-%m}"
        per_folder[folder] += 1
        mail.file = f"mail/{folder}/{per_folder[folder]:04d}.eml"


def _check_events(plan, events: Events, submissions) -> None:
    """The dated events give back the plan: counted submissions per unit and month, each title
    counted once per unit, every uncounted repeat later than its counted original."""
    got = Counter((s.unit.short, s.when.month) for s in submissions if s.when.year == 2024)
    for short, up in plan.items():
        for month in MONTHS:
            assert got[(short, month)] == up.submissions[month], (short, month, got[(short, month)])
    first: dict[tuple, object] = {}
    for s in submissions:
        key = (s.unit.short, title_key(s.title))
        assert key not in first, f"title counted twice: {s.unit.short} {s.title}"
        first[key] = s.when
    for mail in events.mails:
        for doc in mail.docs:
            key = (mail.unit.short if mail.unit else None, title_key(doc.title))
            if not doc.counted and key in first:
                assert mail.when > first[key], f"repeat earlier than original: {mail.file}"


def _check_adoptions(plan, adoptions) -> None:
    got = defaultdict(Counter)
    for a in adoptions:
        got[(a.unit.short, a.day.month)][(a.kind, a.level)] += 1
        assert a.submission.when.date() < a.day, (a.unit.short, a.title)
    for short, up in plan.items():
        for month in MONTHS:
            assert got[(short, month)] == +up.adoptions[month], (short, month)
    assert len({(a.unit.short, title_key(a.title), a.kind, a.level) for a in adoptions}) == len(adoptions)
    assert set(COLUMN) >= {(a.kind, a.level) for a in adoptions}


def generate(out_dir: Path, seed: int = SEED) -> dict[str, int]:
    out_dir = Path(out_dir)
    plan = build_plan(seed)
    events = build_events(plan, seed + 10)
    apply_cases(events, seed + 20)
    _number(events.mails)
    submissions = collect_submissions(events)
    _check_events(plan, events, submissions)
    adoptions = assign_adoptions(plan, submissions, seed + 30)
    adopt_commissioned(adoptions, submissions)
    _check_adoptions(plan, adoptions)
    paper_answers(events, submissions, adoptions)

    for old in list((out_dir / "mail").rglob("*.eml")) + list((out_dir / "sheets").glob("*.xlsx")):
        old.unlink()
    for mail in events.mails:
        path = out_dir / mail.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(mail))
    sheets = SheetWriter(out_dir / "sheets", seed + 40)
    sheets.registry()
    sheets.decisions()
    sheets.paper(events.paper)
    sheets.adoptions(adoptions)
    sheets.commissions()
    sheets.settings()
    _write_cases(out_dir / "cases.csv", events, sheets.cases)
    _write_manifest(out_dir / "manifest.csv", events)
    return {"messages": len(events.mails),
            "attachments": sum(len(m.docs) + m.images for m in events.mails),
            "documents": sum(len(m.docs) for m in events.mails),
            "counted_submissions": len(submissions),
            "paper_rows": len(events.paper),
            "adoptions": len(adoptions)}


def _write_cases(path: Path, events: Events, sheet_cases) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "unit", "case", "related_file"])
    for mail in sorted(events.mails, key=lambda m: m.file):
        for case in mail.cases:
            writer.writerow([mail.file, mail.unit.short if mail.unit else "", case,
                             mail.refers.file if mail.refers else ""])
    for where, unit, case in sheet_cases:
        writer.writerow([where, unit, case, ""])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _write_manifest(path: Path, events: Events) -> None:
    """One row per message: what it is, who sent it, how it is written, what it must count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "kind", "unit", "from", "client", "date_header", "shanghai_time", "subject",
                     "documents", "images", "counted_titles", "cases", "related_file"])
    for mail in sorted(events.mails, key=lambda m: m.file):
        counted = [d.title for d in mail.docs if d.counted and mail.unit is not None and mail.kind == "documents"]
        if mail.kind in ("body_only", "image_body"):
            counted = [mail.title]
        writer.writerow([mail.file, mail.kind, mail.unit.short if mail.unit else "", mail.sender, mail.client,
                         mail.date_style, mail.when.isoformat(sep=" "), mail.subject,
                         " | ".join(d.filename for d in mail.docs), mail.images, " | ".join(counted),
                         "; ".join(mail.cases), mail.refers.file if mail.refers else ""])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def main(out_dir: str | Path | None = None) -> int:
    if out_dir is None:
        if len(sys.argv) != 2:
            print("usage: python -m devtools.samplegen.golmud OUT_DIR", file=sys.stderr)
            return 2
        out_dir = sys.argv[1]
    summary = generate(Path(out_dir))
    print(", ".join(f"{k} {v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
