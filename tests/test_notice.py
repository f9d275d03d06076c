"""The golden notice: the sample's notice for 2024-05 states every fact of the real notice of 10 July 2024
(../shared/spec/notice-2024-07-10.txt, read here), in notice.md and in the text of the PDF LibreOffice makes
of notice.docx. Both texts go through the same reader; units are compared as registry units, since the real
notice shortens names (「市住房和城乡建设局、自然资源局」)."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile

import duckdb
import pytest
from conftest import SPEC
from docx import Document
from docx.shared import Mm, Pt


pytestmark = pytest.mark.pipeline

REAL = SPEC / "notice-2024-07-10.txt"


def _flat(text: str) -> str:
    """NFKC, no whitespace, no list bullets or page numbers: what the notice says, not how it is laid out."""
    text = "\n".join(re.sub(r"^\s*(-|#+)\s+", "", line) for line in text.splitlines())
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    text = re.sub(r"[“”]", '"', text)
    return re.sub(r"—\d+—", "", text)


def _units(text: str, registry: dict[str, str]) -> list[str]:
    """Registry 单位名称 of each name in a list (separated by 、 , ，)."""
    out = []
    for name in filter(None, re.split(r"[、,，]", text.strip("。.;；"))):
        hit = next((registry[c] for c in (name, "格尔木" + name, "格尔木市" + name) if c in registry), None)
        assert hit, f"{name!r} names no unit of the registry"
        out.append(hit)
    return out


def facts(text: str, registry: dict[str, str]) -> dict:
    flat = _flat(text)
    got = {}
    m = re.search(r"约稿(\d+)篇,采用(\d+)篇。其中:(.*?)约稿信息报送及时且信息质量较高", flat)
    got["commissions"], got["adopted_commissions"] = int(m[1]), int(m[2])
    got["praised"] = set(_units(m[3], registry))
    m = re.search(r"收到各类政务信息(\d+)条,采用(\d+)条次", flat)
    got["received"], got["adopted"] = int(m[1]), int(m[2])
    quota = re.search(r"根据政务信息报送相关要求,(.*?)。", flat)[1]
    got["quotas"] = {}
    for sentence in re.split(r"[;；]", quota):
        m = re.match(r"(.*?)每月向.*?报送政务信息不少于(\d+)期(?:,每月被采用不少于(\d+)期)?$", sentence)
        got["quotas"][(int(m[2]), int(m[3] or 0))] = set(_units(m[1], registry))
    for key, label in (("too_few_submitted", "信息报送数量不合格的部门有:"), ("too_few_adopted", "信息采用量不合格的部门有:")):
        m = re.search(re.escape(label) + r"(.*?)(?:。|信息|二、)", flat)
        got[key] = set(_units(m[1], registry))
    got["topics"] = [(t, u, (int(mo), int(d))) for t, u, mo, d in
                     re.findall(r"\d+\.(.*?)\(责任单位:(.*?),(\d+)月(\d+)日前报送\)", flat)]
    got["email"] = re.search(r"邮箱:([\w.]+@[\w.]+?\.com)", flat)[1]
    got["paper_to"] = re.search(r"纸质报至(.*?),", flat)[1]
    got["contact"] = re.search(r"联系人:(.*?)电话:(\d+)", flat).groups()
    got["date"] = re.search(r"(\d{4})年(\d+)月(\d+)日-*附件", flat).groups()
    got["title"] = re.search(r"^(.*?)关于(\d{4})年(.*?)份政务信息报送采用情况及(\d{4})年(.*?)份信息报送重点的通知",
                             flat).groups()
    return got


@pytest.fixture(scope="module")
def published(sample_build):
    paths, _ = sample_build   # the sample's 2024-05, its notice dated 10 July 2024 (conftest.py); only read here
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        registry = {unicodedata.normalize("NFKC", name): name
                    for (name,) in con.execute("SELECT unit_name FROM intermediate.int_units").fetchall()}
    return paths, paths.publish_dir / "2024-05", registry


@pytest.fixture(scope="module")
def real_facts(published):
    _, _, registry = published
    return facts(REAL.read_text(encoding="utf-8"), registry)


def test_the_real_notice_is_read_whole(real_facts):
    """The reader finds every fact in the real notice (so a mismatch below is the sample's, not the reader's)."""
    assert (real_facts["commissions"], real_facts["adopted_commissions"], len(real_facts["praised"])) == (42, 39, 5)
    assert (real_facts["received"], real_facts["adopted"]) == (482, 117)
    assert [len(u) for u in real_facts["quotas"].values()] == [18, 8, 2]
    assert len(real_facts["topics"]) == 8


def test_notice_md_states_the_real_facts(published, real_facts):
    _, folder, registry = published
    assert facts((folder / "notice.md").read_text(encoding="utf-8"), registry) == real_facts


def test_the_pdf_of_notice_docx_states_the_real_facts(published, real_facts, tmp_path):
    _, folder, registry = published
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not (soffice and pdftotext):
        pytest.skip("LibreOffice and poppler-utils are installed by scripts/install-test-services.sh")
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(folder / "notice.docx")],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "notice.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert facts(text, registry) == real_facts
    # the 附件 follows, with its 合计 row and the notes
    annex = _flat(text).split("2024年7月10日")[-1]
    assert "合计" in annex and "479" in annex and "1458" in annex and "注:1." in annex


def test_docx_layout_follows_gb_9704(published):
    _, folder, _ = published
    doc = Document(str(folder / "notice.docx"))
    body, annex = doc.sections[0], doc.sections[-1]
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert [round(getattr(body, f"{s}_margin").mm) for s in ("top", "bottom", "left", "right")] == [37, 35, 28, 26]
    assert annex.page_width > annex.page_height            # the 附件 in landscape
    title = next(p for p in doc.paragraphs if p.text.endswith("的通知"))
    assert title.runs[0].font.size == Pt(22) and title.runs[0].font.name == "方正小标宋简体"
    body_run = next(p for p in doc.paragraphs if p.text.startswith("现将")).runs[0]
    assert body_run.font.size == Pt(16) and body_run.font.name == "仿宋_GB2312"
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0].font.name == "黑体"
    lead = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert lead.runs[0].font.name.startswith("楷体")
    footer = body.footer._element.xml
    assert "PAGE" in footer and "— " in footer
    with zipfile.ZipFile(folder / "notice.docx") as z:
        fonts = z.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="方正小标宋简体"' in fonts and 'w:val="宋体"' in fonts and 'w:val="仿宋"' in fonts
    table = doc.tables[0]
    assert table.rows[-1].cells[0].text == "合计"
    assert abs(annex.left_margin - Mm(35)) < Mm(1)


def test_explain_shows_why_a_unit_failed(published, capsys):
    """The clerk's question 「why is 市自然资源局 不合格?」: May had no adoption, its tier needs one a month."""
    from govinfo.cli import main

    paths, _, _ = published
    assert main(["explain", "--period", "2024-05", "--unit", "市自然资源局",
                 "--warehouse", str(paths.warehouse)]) == 0
    out = capsys.readouterr().out
    assert "2024-05  考核类别A：报送10期（每月最少5期），采用0期（每月最少1期）  → 不达标；采用量不合格" in out
    assert "2024-06  考核类别A：报送7期（每月最少5期），采用3期（每月最少1期）  → 达标" in out
    assert "本期积分合计  → 52分；附件本期积分 52 分" in out
    # an adjusted unit shows the office's decision beside the computed verdict
    assert main(["explain", "--period", "2024-05", "--unit", "民政局",
                 "--warehouse", str(paths.warehouse)]) == 0
    assert "按考核标准为不合格（采用量不合格）；考核调整为合格" in capsys.readouterr().out


def _chromium(args: list[str], profile) -> subprocess.CompletedProcess:
    return subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                           "--virtual-time-budget=20000", *args], capture_output=True, text=True, timeout=180)


def _png_ink(path) -> float:
    """Share of the screenshot's decoded scanline bytes that are neither white nor a filter byte."""
    import struct
    import zlib
    data, pos, idat = path.read_bytes(), 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    return sum(1 for b in raw if b not in (0, 255)) / len(raw)


def test_report_html_renders_offline_in_chromium(published, tmp_path):
    """report.html is one file that draws its charts with no network: Chromium renders the SVG charts, logs no
    console error, and the screenshot is not blank."""
    import os
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Chromium is installed by scripts/install-test-services.sh")
    _, folder, _ = published
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and "cdn.jsdelivr" not in page     # everything inlined
    url = (folder / "report.html").as_uri()
    dom = _chromium(["--dump-dom", url], tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-2000:]
    for title in ("本期积分排名", "采用情况（按级别和类型）", "各单位每月报送与考核标准", "2024年各期报送与采用"):
        assert title in dom.stdout
    assert dom.stdout.count('class="marks"') >= 1 and "<svg" in dom.stdout
    assert "市文体旅游广电局" in dom.stdout and "合计" in dom.stdout
    errors = [line for line in dom.stderr.splitlines() if "CONSOLE" in line and ("Error" in line or "error" in line)]
    assert not errors, errors
    shot = tmp_path / "report.png"
    run = _chromium(["--window-size=1400,2000", f"--screenshot={shot}", url], tmp_path / "p2")
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    assert _png_ink(shot) > 0.02
