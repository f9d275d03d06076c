"""notice.docx in the layout of GB/T 9704-2012 (党政机关公文格式), written with python-docx.

A4 portrait, margins 37/35/28/26 mm (top/bottom/left/right), title 2号 方正小标宋简体, body 3号 仿宋_GB2312 on a
fixed 22-line page (about 28 characters a line), first-level headings 黑体, second-level 楷体, page numbers
「— N —」 at the foot; the 附件 starts a new landscape section with the annex's grouped header (repeated on each
page), its 合计 row and notes. Fonts a machine lacks fall back to 宋体 / 仿宋 / 黑体 / 楷体 (w:altName in the
font table, which Word and LibreOffice both honour)."""
from __future__ import annotations

import io
from copy import deepcopy
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .notice import Notice, _table_rows

TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
FALLBACK = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", H2_FONT: "楷体", H1_FONT: "SimHei"}
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
LINE = Pt(28.9)     # (297 − 37 − 35) mm / 22 lines
TABLE_SIZE = Pt(8.5)


def _font(run, name: str, size) -> None:
    run.font.size = size
    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _paragraph(doc, text: str, font: str, size, *, align=None, indent: bool = False, lead: str = "",
               lead_font: str | None = None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)    # two characters of 3号
    if align is not None:
        p.alignment = align
    if lead:
        _font(p.add_run(lead), lead_font or font, size)
    _font(p.add_run(text), font, size)
    return p


def _page_number_footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), "宋体", SIZE_4)
    run = p.add_run()
    _font(run, "宋体", SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._element.append(el)
        elif text:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._element.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = "1"
            run._element.append(el)
    _font(p.add_run(" —"), "宋体", SIZE_4)


def _fallback_fonts(doc) -> None:
    """Declare each font with its fallback (w:altName) in the font table."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname.endswith("fontTable.xml"))
    from lxml import etree
    root = etree.fromstring(part.blob)
    for name, alt in FALLBACK.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _margins(section, top, bottom, left, right) -> None:
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def _cell_text(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    _font(run, "宋体", TABLE_SIZE)
    run.bold = bold


def _annex_section(doc, notice: Notice) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    _margins(section, 28, 26, 35, 37)
    _paragraph(doc, "附件", H1_FONT, SIZE_3)
    _paragraph(doc, notice.annex_title, TITLE_FONT, Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER)
    rows = _table_rows(notice)
    ncols = len(notice.annex.columns)
    table = doc.add_table(rows=3 + len(rows), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    margins = OxmlElement("w:tblCellMar")      # narrow cell margins: 4-digit totals stay on one line
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "40")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = table._tbl.tblPr.find(qn("w:tblLook"))      # schema order: tblCellMar before tblLook
    look.addprevious(margins) if look is not None else table._tbl.tblPr.append(margins)
    # the header's merges re-read the cell grid each time: the body rows are set aside meanwhile, then put back
    body = table._tbl.tr_lst[3:]
    for tr in body:
        table._tbl.remove(tr)
    for text, r0, c0, r1, c1 in notice.header:
        cell = table.cell(r0, c0)
        if (r1, c1) != (r0, c0):
            cell = cell.merge(table.cell(r1, c1))
        _cell_text(cell, text, bold=True)
    table._tbl.extend(body)
    for r in range(3):   # the header repeats on every page
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)
    # the body rows have no spans: their cells read once (table.cell rebuilds the whole grid on every call). Their
    # paragraphs differ only in text and weight: one of each weight formatted by python-docx, then copied into the
    # other cells with their text (formatting each cell took a third of the notice's time)
    grid = table._cells
    formatted: dict[bool, object] = {}
    for i, values in enumerate(rows, start=3):
        bold = i == 2 + len(rows)
        for c, value in enumerate(values):
            cell, text = grid[i * ncols + c], "" if value is None else str(value)
            if bold not in formatted:
                _cell_text(cell, text, bold=bold)
                formatted[bold] = cell.paragraphs[0]._p
                continue
            p = deepcopy(formatted[bold])
            cell._tc.replace(cell._tc.p_lst[0], p)
            Paragraph(p, cell).runs[-1].text = text   # the last run is the formatted one (cell.text = "" left one)
    # fixed column widths (LibreOffice and Word both follow the grid when autofit is off)
    table.autofit = False
    width = Mm(297 - 35 - 37)
    first = Mm(40)
    rest = int((width - first) / max(ncols - 1, 1))
    for c, column in enumerate(table.columns):
        column.width = first if c == 0 else rest
    for r in table.rows:
        for c, cell in enumerate(r.cells):
            cell.width = first if c == 0 else rest
    for note in notice.notes:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(2)
        _font(p.add_run(note), BODY_FONT, Pt(10.5))


def notice_docx_bytes(notice: Notice) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section, 37, 35, 28, 26)
    _page_number_footer(section)
    _fallback_fonts(doc)
    for block in notice.blocks:
        if block.kind == "number":
            _paragraph(doc, block.text, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif block.kind == "title":
            p = _paragraph(doc, block.text, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.line_spacing = Pt(35)
            p.paragraph_format.space_after = Pt(28.9)
        elif block.kind == "addressees":
            _paragraph(doc, block.text, BODY_FONT, SIZE_3)
        elif block.kind == "h1":
            _paragraph(doc, block.text, H1_FONT, SIZE_3, indent=True)
        elif block.kind == "attachment":
            p = _paragraph(doc, block.text, BODY_FONT, SIZE_3, indent=True)
            p.paragraph_format.space_before = LINE
        elif block.kind in ("signature", "date"):
            p = _paragraph(doc, block.text, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(64)   # 4 characters in from the right margin
            if block.kind == "signature":
                p.paragraph_format.space_before = LINE * 2
        else:
            _paragraph(doc, block.text, BODY_FONT, SIZE_3, indent=True, lead=block.lead, lead_font=H2_FONT)
    _annex_section(doc, notice)
    doc.core_properties.title = next(b.text for b in notice.blocks if b.kind == "title")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
