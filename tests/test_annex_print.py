"""The printed annex: 40 units with the 合计 row and the notes fit one A4 landscape page (LibreOffice's PDF of
annex.xlsx), note 1 reads like the notice's, and 考核设置 附注显示考核调整 = 否 leaves the 考核调整 note out."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from builders import registry, write_workbook
from openpyxl import load_workbook

from govinfo.config import Paths
from govinfo.pipeline import run_period

pytestmark = pytest.mark.pipeline


def test_forty_units_print_on_one_page_without_the_adjustment_note(tmp_path):
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not (soffice and pdftotext):
        pytest.skip("LibreOffice and poppler-utils are installed by scripts/install-test-services.sh")
    inputs = tmp_path / "inputs"
    units = [[f"格尔木市第{i:02d}局", f"市第{i:02d}局", None, f"u{i}@example.org", "A" if i % 2 else None]
             for i in range(1, 41)]
    write_workbook(inputs / "sheets" / "registry.xlsx", {
        **registry(units), "考核设置": [["项目", "值"], ["附注显示考核调整", "否"]],
        "考核调整": [["期间", "单位名称", "结论", "原因"], ["2024-05", "格尔木市第01局", "合格", "另行认定"]],
        "纸质报送": [["报送日期", "单位名称", "信息标题"], ["2024-05-06", "格尔木市第02局", "第二局信息"]]})
    paths = Paths.resolve(inputs, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, "2024-05", progress=lambda _: None, allow_empty=True)   # registers only, no mail
    annex = tmp_path / "publish" / "2024-05" / "annex.xlsx"
    notes = [c.value for c in load_workbook(annex)["附件"]["A"] if isinstance(c.value, str) and c.value[:2] in
             ("注：", "2.", "3.", "4.")]
    assert notes[0].startswith("注：1. 党建信息、会议信息、培训活动等不计入政务信息范围内")
    assert len(notes) == 3 and not any("考核调整" in n for n in notes)

    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(annex)], check=True, capture_output=True,
                   timeout=180)
    first = "".join(subprocess.run([pdftotext, "-f", "1", "-l", "1", str(tmp_path / "annex.pdf"), "-"],
                                   check=True, capture_output=True, text=True).stdout.split())
    # page 1 holds every unit, the 合计 row and the last note (the pages after it are the 明细 sheet)
    assert "市第01局" in first and "市第40局" in first and "合计" in first and "3.积分按照" in first
