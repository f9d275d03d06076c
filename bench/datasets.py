"""The inputs the benchmark measures: a scratch copy of the bundled sample, a generated province
(made once, reused while its expected.json says the same size and seed), and ten new messages
for the warm runs."""
from __future__ import annotations

import csv
import itertools
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "golmud-2024"
_MESSAGE_ID = re.compile(rb"(?im)^Message-ID:[^\r\n]*")


def fresh_sample(target: Path) -> Path:
    """mail/ and sheets/ of the sample (time stamps kept), so the warm runs never touch the repository."""
    shutil.rmtree(target, ignore_errors=True)
    for part in ("mail", "sheets"):
        shutil.copytree(SAMPLE / part, target / part)
    return target


def ensure_generated(data_dir: Path, units: int, months: int, seed: int) -> tuple[Path, dict]:
    """The generated folder and how long generating it took (None when an earlier run's was reused)."""
    inputs = data_dir / f"province-{units}x{months}-seed{seed}"
    try:
        expected = json.loads((inputs / "expected.json").read_text(encoding="utf-8"))
        if (expected["units"], expected["months"], expected["seed"]) == (units, months, seed):
            return inputs, {"generate_s": None, "generated_messages": expected["messages"]}
    except (OSError, ValueError, KeyError):
        pass
    print(f"generating {units} units x {months} months into {inputs}", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "devtools.generate", "--units", str(units), "--months", str(months),
                    "--seed", str(seed), "--out", str(inputs)], cwd=REPO, check=True)
    expected = json.loads((inputs / "expected.json").read_text(encoding="utf-8"))
    return inputs, {"generate_s": round(time.perf_counter() - started, 1), "generated_messages": expected["messages"]}


def ensure_rich_scheme(golmud: Path, units: int, months: int, seed: int) -> Path:
    """The generated folder again under the benchmark's rich scheme (devtools.generate --scheme rich): its mail/
    linked to the Golmud-scheme folder's, its sheets written over; made once, reused while its expected.json says
    the same size and seed."""
    rich = golmud.with_name(golmud.name + "-rich")
    try:
        expected = json.loads((rich / "expected.json").read_text(encoding="utf-8"))
        if (expected["units"], expected["months"], expected["seed"], expected["scheme"]) == (units, months, seed,
                                                                                             "rich"):
            return rich
    except (OSError, ValueError, KeyError):
        pass
    subprocess.run([sys.executable, "-m", "devtools.generate", "--units", str(units), "--months", str(months),
                    "--seed", str(seed), "--scheme", "rich", "--mail-from", str(golmud), "--out", str(rich)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return rich


def add_new_messages(inputs: Path, count: int, tag: str) -> Path:
    """`count` new files under mail/bench-new-<tag>/: messages of the folder spread over its months,
    each with a new Message-ID (its submissions repeat titles already counted: counts stay put)."""
    sources = sorted((inputs / "mail").rglob("*.eml"))
    folder = inputs / "mail" / f"bench-new-{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        data = sources[i * len(sources) // count].read_bytes()
        data = _MESSAGE_ID.sub(f"Message-ID: <bench-{tag}-{i}@govinfo.bench>".encode(), data, count=1)
        (folder / f"{i:04d}.eml").write_bytes(data)
    return folder


def annex_matches(inputs: Path, publish_dir: Path, period: str) -> bool | None:
    """A generated folder's annex against what the generator wrote (None for the sample: its golden test checks it)."""
    try:
        expected = json.loads((inputs / "expected.json").read_text(encoding="utf-8"))["periods"][period]["by_unit"]
    except (OSError, KeyError):
        return None
    with open(publish_dir / period / "annex.csv", encoding="utf-8-sig") as handle:  # the BOM Excel needs
        got = {r["unit"]: [int(r["submitted"]), int(r["points"])] for r in csv.DictReader(handle)}
    return got == expected


def write_streamed_workbook(path: Path, sheets: dict[str, Iterable[list]]) -> Path:
    """An .xlsx whose sheets are written into the zip row by row (openpyxl's skeleton around sheet XML
    of our own): millions of rows without holding them, as a hostile or very large register is."""
    book = Workbook()
    book.remove(book.active)
    for name in sheets:
        book.create_sheet(name)
    skeleton = BytesIO()
    book.save(skeleton)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name in source.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                out.writestr(name, source.read(name))
        for number, rows in enumerate(sheets.values(), start=1):
            part = f"xl/worksheets/sheet{number}.xml"
            head = re.sub(rb"<dimension [^>]*/>", b"", source.read(part)).split(b"<sheetData", 1)[0]
            with out.open(part, "w", force_zip64=True) as sheet:
                sheet.write(head + b"<sheetData>")
                block = []
                for row in rows:
                    block.append(_row_xml(row))
                    if len(block) == 10_000:
                        sheet.write(b"".join(block))
                        block.clear()
                sheet.write(b"".join(block) + b"</sheetData></worksheet>")
    return path


def _row_xml(values: list) -> bytes:
    # no r="" references (they are optional): a bomb of tiny rows then deflates a thousandfold
    cells = "".join(f"<c><v>{value}</v></c>" if isinstance(value, (int, float)) else
                    f'<c t="inlineStr"><is><t>{xml_escape(str(value))}</t></is></c>' if value is not None else "<c/>"
                    for value in values)
    return f"<row>{cells}</row>".encode()


def hostile_inputs(data_dir: Path, bomb_rows: int = 10_000_000, register_rows: int = 200_000) -> Path:
    """The sample's registers beside a 10-million-tiny-row bomb (in an unused sheet, and in a register
    sheet) and a register of 200,000 rows: made once into data_dir and reused."""
    inputs = data_dir / f"hostile-{bomb_rows}-{register_rows}"
    done = inputs / "complete"
    if done.exists():
        return inputs
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.copytree(SAMPLE / "sheets", inputs / "sheets")
    (inputs / "mail").mkdir()
    tiny = ([1] for _ in range(bomb_rows))
    write_streamed_workbook(inputs / "sheets" / "bomb-unused-sheet.xlsx", {"数据": tiny})
    write_streamed_workbook(inputs / "sheets" / "bomb-register.xlsx",
                            {"纸质报送": itertools.chain([["报送日期", "单位名称", "信息标题"]],
                                                     ([1] for _ in range(bomb_rows)))})
    header = ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"]
    write_streamed_workbook(inputs / "sheets" / "register-200k.xlsx", {"采用登记": itertools.chain(
        [header], ([f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}", f"单位{n % 2000}", f"第{n}篇信息的标题", "市", "信息",
                    "政务信息", str(n)] for n in range(register_rows)))})
    done.write_text("")
    return inputs
