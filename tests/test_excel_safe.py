"""Files the clerk opens hold no formula: inputs whose names, titles and Message-IDs start with =, +, -, @
are run through the whole pipeline, and LibreOffice Calc opens annex.csv, rejected.csv and annex.xlsx."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from builders import message, registry, write_eml, write_workbook
from openpyxl import Workbook, load_workbook

from govinfo.cells import csv_text, no_formulas, safe_text
from govinfo.config import Paths
from govinfo.pipeline import run_period

pytestmark = pytest.mark.pipeline

SHORT_NAME = "@SUM(1+1)"
MESSAGE_ID = "=1+2@evil.example"
UNKNOWN_UNIT = "=3+4"
TITLE = "-2+3 推销"
# Calc's CSV import with "evaluate formulas" on, as Excel always does: UTF-8, comma, double quote
CSV_FILTER = "CSV:44,34,76,1,,0,false,true,false,false,false,0,true"


def _formulas_seen_by_calc(files: list[Path], out: Path, profile: Path) -> dict[str, list[str]]:
    """Each file opened by LibreOffice Calc and saved as flat ODF: the formulas its cells hold, by file name."""
    found = {}
    for path in files:
        infilter = ["--infilter=" + CSV_FILTER] if path.suffix == ".csv" else []
        done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                               *infilter, "--convert-to", "fods", "--outdir", str(out), str(path)],
                              capture_output=True, text=True, timeout=180)
        converted = out / (path.stem + ".fods")
        assert converted.is_file(), f"LibreOffice did not open {path}: {done.stdout}{done.stderr}"
        found[path.name] = re.findall(r'table:formula="([^"]*)"', converted.read_text(encoding="utf-8"))
        converted.rename(out / f"{path.name}.fods")
    return found


@pytest.fixture
def hostile_inputs(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "registry.xlsx", registry([
        ["格尔木市甲局", "市甲局", "甲局", "jia@example.org", "A"],
        ["格尔木市丙局", SHORT_NAME, None, "bing@example.org", "C"],
    ]))
    adoptions = write_workbook(inputs / "sheets" / "adoptions.xlsx", {"采用登记": [
        ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"],
        ["2024-05-10", UNKNOWN_UNIT, "+cmd|' /C calc'!A0", "市", "动态", None, None],
    ]})
    book = load_workbook(adoptions)
    no_formulas(book)  # typed as text by the clerk, as Excel keeps '=3+4
    book.save(adoptions)
    mail = inputs / "mail"
    write_eml(mail, "a.eml", message(sender="bing@example.org", subject="丙局工作动态",
                                     attachments=[("丙局工作动态.docx", b"doc")]))
    write_eml(mail, "b.eml", message(sender="stranger@qq.com", subject=TITLE, body="推销",
                                     headers={"Message-ID": MESSAGE_ID}))
    return inputs


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice: scripts/install-test-services.sh")
def test_calc_finds_no_formula_in_the_published_files(hostile_inputs, tmp_path):
    paths = Paths.resolve(hostile_inputs, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, "2024-05", progress=lambda _: None)
    folder = paths.publish_dir / "2024-05"
    with open(folder / "annex.csv", encoding="utf-8-sig") as handle:
        annex = list(csv.DictReader(handle))
    rejected_text = (folder / "rejected.csv").read_text(encoding="utf-8-sig")
    assert "'" + SHORT_NAME in [row["unit"] for row in annex]
    assert "'" + MESSAGE_ID in [row["message_id"] for row in csv.DictReader(io.StringIO(rejected_text))]
    # the same rows written without the guard: Calc reads formulas there, so the check below can fail
    unsafe = tmp_path / "unsafe.csv"
    unsafe.write_text(rejected_text.replace(",'", ",").replace("\n'", "\n"), encoding="utf-8")

    seen = _formulas_seen_by_calc([folder / "annex.csv", folder / "rejected.csv", folder / "annex.xlsx", unsafe],
                                  tmp_path / "calc", tmp_path / "lo-profile")
    assert seen["unsafe.csv"], "the unguarded copy should hold formulas"
    assert {name: formulas for name, formulas in seen.items() if name != "unsafe.csv"} == {
        "annex.csv": [], "rejected.csv": [], "annex.xlsx": []}
    # in the workbook the name is the cell's text, as written
    sheet = load_workbook(folder / "annex.xlsx").active
    assert SHORT_NAME in [cell.value for cell in sheet["A"]]


def test_only_text_that_would_start_a_formula_is_changed():
    assert [safe_text(v) for v in ("=1+1", "+1+1", "-1+1", "@A1", "\t=1", "\r=1", "a=b", "市甲局", "")] == [
        "'=1+1", "'+1+1", "'-1+1", "'@A1", "'\t=1", "'\r=1", "a=b", "市甲局", ""]
    assert [safe_text(v) for v in ("-3", "+2.5", -3, 0.5, None)] == ["-3", "+2.5", -3, 0.5, None]
    frame = pd.DataFrame({"unit": ["=A1", "乙"], "points": [-3, 4], "note": [None, "@x"]})
    assert csv_text(frame) == "unit,points,note\n'=A1,-3,\n乙,4,'@x\n"


def test_no_formulas_turns_openpyxl_formula_cells_into_text(tmp_path):
    book = Workbook()
    book.active.append(["=1+1", -3, "plain"])
    assert book.active["A1"].data_type == "f"  # openpyxl's own reading of a leading =
    no_formulas(book)
    book.save(tmp_path / "b.xlsx")
    cells = load_workbook(tmp_path / "b.xlsx").active[1]
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), (-3, "n"), ("plain", "s")]
