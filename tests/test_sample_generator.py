"""The bundled sample samples/golmud-2024 is exactly what its generator writes, and it gives the
notice's annex when read by the contract (an independent reading: stdlib email with the modern
policy, openpyxl; none of the generator's or the pipeline's code)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from devtools.samplegen.golmud import generate
from devtools.samplegen.golmud_annex import annex_rows
from devtools.samplegen.sheets import sheet_values

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "golmud-2024"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golmud-2024")
    generate(out)
    return out


def _files(root: Path, pattern: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.glob(pattern))


def test_same_messages_byte_for_byte(regenerated):
    committed = _files(SAMPLE, "mail/**/*.eml")
    assert committed, f"no committed sample under {SAMPLE}"
    assert _files(regenerated, "mail/**/*.eml") == committed
    differ = [name for name in committed if (SAMPLE / name).read_bytes() != (regenerated / name).read_bytes()]
    assert not differ, f"{len(differ)} messages differ, first {differ[:5]}"


def test_same_sheet_values(regenerated):
    names = _files(SAMPLE, "sheets/*.xlsx")
    assert _files(regenerated, "sheets/*.xlsx") == names
    for name in names:
        assert sheet_values(regenerated / name) == sheet_values(SAMPLE / name), name


def test_same_case_lists(regenerated):
    for name in ("cases.csv", "manifest.csv"):
        assert (regenerated / name).read_text(encoding="utf-8") == (SAMPLE / name).read_text(encoding="utf-8")


# --- an independent reading of the committed sample by the written contract -------------------

TAG = re.compile(r"【[^】]*】")
LEADING_TAGS = re.compile(r"^\s*(?:【[^】]*】\s*)+")
DOCUMENTS = {".doc", ".docx", ".wps", ".pdf", ".odt", ".txt"}
EXCLUSION_WORDS = ("党建", "党组", "党支部", "主题党日", "会议", "培训")
COLUMNS = {("信息", "省"): "info_province", ("信息", "州"): "info_prefecture", ("信息", "市"): "info_city",
           ("动态", "省"): "brief_province", ("动态", "州"): "brief_prefecture", ("动态", "市"): "brief_city"}
POINTS = {("信息", "省"): 30, ("信息", "州"): 15, ("信息", "市"): 5, ("动态", "省"): 15, ("动态", "州"): 5,
          ("动态", "市"): 3}
PERIOD = ((2024, 5), (2024, 6))
YEAR_TO_DATE = tuple((2024, m) for m in range(1, 7))


def _norm(value) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _title_key(title) -> str:
    return "".join(ch for ch in TAG.sub("", _norm(title)) if unicodedata.category(ch)[0] not in "PZC")


def _split(value) -> list[str]:
    return [part.strip() for part in re.split(r"[;、]", _norm(value)) if part.strip()]


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.match(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$", str(value))
    return dt.date(*map(int, match.groups()))


def _sheets(root: Path) -> dict[str, list[dict]]:
    rows = defaultdict(list)
    for path in sorted((root / "sheets").glob("*.xlsx")):
        book = load_workbook(path, read_only=True, data_only=True)
        for ws in book.worksheets:
            values = list(ws.iter_rows(values_only=True))
            header = [_norm(h) for h in values[0]]
            rows[ws.title] += [dict(zip(header, row)) for row in values[1:]]
        book.close()
    return rows


def _mail_submissions(root: Path, names: dict, mailboxes: dict) -> tuple[dict, Counter]:
    found, seen = defaultdict(list), Counter()
    for path in sorted((root / "mail").rglob("*.eml")):
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        subject = _norm(msg["Subject"])
        auto = msg["Auto-Submitted"]
        if (auto and str(auto).strip().lower() != "no") or subject.startswith("自动回复"):
            seen["auto_reply"] += 1
            continue
        if msg.get_content_type() == "multipart/report":
            seen["report"] += 1
            continue
        unit = mailboxes.get(msg["From"].addresses[0].addr_spec.lower())
        if unit is None:
            tag = re.match(r"^【([^】]*)】", subject)
            unit = names.get(_norm(tag.group(1))) if tag else None
        if unit is None:
            seen["unknown_sender"] += 1
            continue
        if msg["Date"]:
            when = parsedate_to_datetime(str(msg["Date"]))
        else:
            when = parsedate_to_datetime(str(msg.get_all("Received")[0]).rsplit(";", 1)[1].strip())
            seen["no_date"] += 1
        when = when.astimezone(SHANGHAI)
        titles = []
        for part in msg.walk():
            name = part.get_filename()
            if name and Path(name).suffix.lower() in DOCUMENTS:
                titles.append(LEADING_TAGS.sub("", name[: -len(Path(name).suffix)]).strip())
        if not titles:
            body = msg.get_body(("plain", "html"))
            if body is not None and re.sub(r"<[^>]+>", "", body.get_content()).strip():
                titles.append(TAG.sub("", subject).strip())
                seen["body_only"] += 1
            else:
                seen["empty"] += 1
        found[unit] += [(when, title) for title in titles]
    return found, seen


def test_sample_gives_the_annex():
    sheets = _sheets(SAMPLE)
    names, mailboxes, short, tier = {}, {}, {}, {}
    for row in sheets["单位名册"]:
        full = _norm(row["单位名称"])
        short[full], tier[full] = _norm(row["表内名称"]), _norm(row["考核类别"])
        for name in [full, short[full], *_split(row["别名"])]:
            assert names.setdefault(name, full) == full, f"{name} names two units"
        for address in _split(row["报送邮箱"]):
            mailboxes[address.lower()] = full
    quotas = {_norm(r["考核类别"]): (int(r["每月最少报送"]), int(r["每月最少采用"])) for r in sheets["考核标准"]}

    submissions, seen = _mail_submissions(SAMPLE, names, mailboxes)
    for row in sheets["纸质报送"]:
        submissions[names[_norm(row["单位名称"])]].append(
            (dt.datetime.combine(_date(row["报送日期"]), dt.time(), SHANGHAI), _norm(row["信息标题"])))
    reviews = {(names[_norm(r["单位名称"])], _title_key(r["信息标题"])): _norm(r["是否计入"]) for r in sheets["审核登记"]}
    counted = defaultdict(Counter)
    for unit, items in submissions.items():
        keys = set()
        for when, title in sorted(items):
            key = _title_key(title)
            if key in keys:
                seen["repeat"] += 1
                continue
            keys.add(key)
            review = reviews.get((unit, key))
            if review == "否" or (review != "是" and any(w in _norm(title) for w in EXCLUSION_WORDS)):
                seen["excluded"] += 1
                continue
            counted[unit][(when.year, when.month)] += 1

    adopted, rows = defaultdict(Counter), set()
    for row in sheets["采用登记"]:
        cells = tuple(_date(row[c]) if c == "采用日期" else _norm(row.get(c))
                      for c in ("采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"))
        if cells in rows:
            seen["repeated_row"] += 1
            continue
        rows.add(cells)
        unit, level, kind = names.get(cells[1]), cells[3].removesuffix("级"), cells[4]
        if unit is None or level not in ("省", "州", "市") or kind not in ("信息", "动态"):
            seen["rejected_row"] += 1
            continue
        adopted[unit][(cells[0].year, cells[0].month, kind, level)] += 1

    adjustments = {(_norm(r["期间"]), names[_norm(r["单位名称"])]): _norm(r["结论"]) for r in sheets["考核调整"]}
    annex = annex_rows()
    assert sorted(short.values()) == sorted(annex)
    for unit, name in short.items():
        got = {"submitted": sum(counted[unit][p] for p in PERIOD),
               "submitted_ytd": sum(counted[unit][p] for p in YEAR_TO_DATE)}
        for (kind, level), column in COLUMNS.items():
            got[column] = sum(adopted[unit][(y, m, kind, level)] for y, m in PERIOD)
            got[f"{column}_ytd"] = sum(adopted[unit][(y, m, kind, level)] for y, m in YEAR_TO_DATE)
        got["points"] = got["submitted"] + sum(POINTS[k] * got[c] for k, c in COLUMNS.items())
        got["points_ytd"] = got["submitted_ytd"] + sum(POINTS[k] * got[f"{c}_ytd"] for k, c in COLUMNS.items())
        verdict = "合格"
        if tier[unit] in quotas:
            minimum_submitted, minimum_adopted = quotas[tier[unit]]
            for year, month in PERIOD:
                month_adoptions = sum(n for (y, m, _, _), n in adopted[unit].items() if (y, m) == (year, month))
                if counted[unit][(year, month)] < minimum_submitted or month_adoptions < minimum_adopted:
                    verdict = "不合格"
        got["verdict"] = adjustments.get(("2024-05", unit), verdict)
        assert got == {k: v for k, v in annex[name].items() if k != "unit"}, name
    # repeats: 8 mailed or paper copies, and 34 signed paper copies answering 约稿 8 and 9
    assert seen == Counter({"auto_reply": 3, "report": 1, "unknown_sender": 1, "no_date": 1, "body_only": 8,
                            "empty": 1, "repeat": 42, "excluded": 6, "repeated_row": 1, "rejected_row": 3})
