from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from govinfo.annex_xlsx import AnnexColumn, header_cells, write_annex_xlsx

SPEC_CSV = Path(__file__).parents[1].parent / "shared/spec/annex-2024-05.csv"
TITLE = "各部门各单位 2024 年 5-6 月份信息报送采用情况统计表"
NOTES = [
    "注：1. 党建信息、领导活动、会议信息、培训活动、全市开展性活动等不计入政务信息范围内。",
    "2. 此次信息报送及采用为5月1日—6月30日数据。",
    "3. 积分按照符合报送要求信息1篇积1分；省级采用信息1篇积30分、采用动态1篇积15分；"
    "州级采用信息1篇积15分、采用动态积5分；市级采用信息1篇积5分、动态1篇积3分。",
]

FIRST_DATA_ROW = 6  # 附件, title, three header rows


def _pair(name: str, top: str, now: str, what: str, middle: str | None = None, points: bool = False):
    return [AnnexColumn(name, top, middle, f"{now}\n{what}", points, True),
            AnnexColumn(f"{name}_ytd", top, middle, f"累计\n{what}", points, True)]


# the Golmud scheme's columns as marts.annex_columns gives them
COLUMNS = [AnnexColumn("unit", "单位", None, None), *_pair("submitted", "信息报送情况", "本月", "报送"),
           *[column for kind, name in (("info", "信息"), ("brief", "动态"))
             for level, middle in (("province", "省"), ("prefecture", "州"), ("city", "市"))
             for column in _pair(f"{kind}_{level}", f"{name}采用情况", "本月", "采用", middle)],
           *_pair("points", "积分", "本月", "积分", points=True), AnnexColumn("verdict", "是否\n合格", None, None)]
NAMES = tuple(c.name for c in COLUMNS)


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    df = pd.read_csv(SPEC_CSV, encoding="utf-8")
    assert tuple(df.columns) == NAMES
    return df


@pytest.fixture(scope="module")
def written(rows, tmp_path_factory):
    path = tmp_path_factory.mktemp("annex") / "annex.xlsx"
    write_annex_xlsx(rows, path, columns=COLUMNS, title=TITLE, notes=NOTES)
    return path


@pytest.fixture(scope="module")
def ws(written):
    return openpyxl.load_workbook(written).active


def test_title_block(ws):
    assert ws["A1"].value == "附件"
    assert ws["A2"].value == TITLE
    assert "A2:R2" in {str(r) for r in ws.merged_cells.ranges}


def test_grouped_headers(ws):
    merged = {str(r) for r in ws.merged_cells.ranges}
    expected = {
        "A3:A5": "单位",
        "B3:C4": "信息报送情况",
        "D3:I3": "信息采用情况",
        "D4:E4": "省",
        "F4:G4": "州",
        "H4:I4": "市",
        "J3:O3": "动态采用情况",
        "J4:K4": "省",
        "L4:M4": "州",
        "N4:O4": "市",
        "P3:Q4": "积分",
        "R3:R5": "是否\n合格",
    }
    for rng, text in expected.items():
        assert rng in merged, rng
        assert ws[rng.split(":")[0]].value == text, rng
    leaves = [ws.cell(row=5, column=c).value for c in range(2, 18)]
    assert leaves == ["本月\n报送", "累计\n报送"] + ["本月\n采用", "累计\n采用"] * 6 + [
        "本月\n积分",
        "累计\n积分",
    ]
    assert ws["D3"].alignment.horizontal == "center"
    assert ws["D3"].border.top.style == "thin"
    assert ws["A3"].font.name == "宋体"


def test_unit_rows(ws, rows):
    first = [ws.cell(row=FIRST_DATA_ROW, column=c).value for c in range(1, 19)]
    assert first == ["市文体旅游广电局", 22, 55, 0, 0, 4, 4, 3, 6, 2, 2, 0, 2, 0, 4, 127, 197, "合格"]
    assert all(isinstance(v, int) for v in first[1:-1])
    last_unit_row = FIRST_DATA_ROW + len(rows) - 1
    assert ws.cell(row=last_unit_row, column=1).value == "投资控股公司"
    assert ws.cell(row=last_unit_row, column=18).value == "不合格"
    assert ws.cell(row=last_unit_row, column=5).border.bottom.style == "thin"
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width


def test_total_row(ws, rows):
    r = FIRST_DATA_ROW + len(rows)
    total = [ws.cell(row=r, column=c).value for c in range(1, 19)]
    assert total[0] == "合计"
    assert total[1:-1] == [int(rows[c].sum()) for c in NAMES[1:-1]]
    assert total[1:-1] == [479, 1287, 0, 2, 24, 58, 43, 146, 19, 38, 13, 54, 18, 90, 1458, 4057]
    assert total[-1] is None


def test_notes_under_table(ws, rows):
    merged = {str(r) for r in ws.merged_cells.ranges}
    first_note_row = FIRST_DATA_ROW + len(rows) + 1
    for i, note in enumerate(NOTES):
        r = first_note_row + i
        assert ws.cell(row=r, column=1).value == note
        assert f"A{r}:R{r}" in merged
        assert ws.cell(row=r, column=1).alignment.wrap_text
    assert ws.max_row == first_note_row + len(NOTES) - 1


def test_page_setup(ws, rows):
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1
    # up to 40 units the whole table, 合计 and notes are scaled onto one page (the golden annex has 34)
    assert int(ws.page_setup.fitToHeight) == (1 if len(rows) <= 40 else 0)
    assert ws.print_title_rows == "$3:$5"
    last = FIRST_DATA_ROW + len(rows) + len(NOTES)
    assert ws.print_area == f"'{ws.title}'!$A$1:$R${last}"


def test_deterministic_and_atomic(rows, written, tmp_path):
    again = tmp_path / "annex.xlsx"
    write_annex_xlsx(rows, again, columns=COLUMNS, title=TITLE, notes=NOTES)
    assert again.read_bytes() == written.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex.xlsx"]


def test_rejects_bad_input_without_writing(rows, tmp_path):
    path = tmp_path / "annex.xlsx"
    with pytest.raises(ValueError):
        write_annex_xlsx(rows.drop(columns=["points_ytd"]), path, columns=COLUMNS, title=TITLE, notes=NOTES)
    bad = rows.astype({"points": "float64"})
    bad.loc[0, "points"] = float("nan")
    with pytest.raises(ValueError):
        write_annex_xlsx(bad, path, columns=COLUMNS, title=TITLE, notes=NOTES)
    assert list(tmp_path.iterdir()) == []


def test_headers_and_sections_follow_the_scheme(tmp_path):
    """Another scheme's columns: two levels under one kind, a group column printed as sections, a rank."""
    columns = [AnnexColumn("unit", "单位", None, None), AnnexColumn("group", "单位类别", None, None),
               *_pair("submitted", "信息报送情况", "本期", "报送"),
               *_pair("info_nation", "信息采用情况", "本期", "采用", "国家"),
               *_pair("info_city", "信息采用情况", "本期", "采用", "市"),
               *_pair("points", "积分", "本期", "积分", points=True),
               AnnexColumn("rank", "排名", None, None), AnnexColumn("verdict", "是否\n合格", None, None)]
    assert header_cells(columns[:1] + columns[2:6]) == [
        ("单位", 0, 1, 2, 1), ("信息报送情况", 0, 2, 1, 3), ("信息采用情况", 0, 4, 0, 5), ("国家", 1, 4, 1, 5),
        ("本期\n报送", 2, 2, 2, 2), ("累计\n报送", 2, 3, 2, 3), ("本期\n采用", 2, 4, 2, 4), ("累计\n采用", 2, 5, 2, 5)]
    rows = pd.DataFrame([["甲局", "部门", 3, 4, 1, 1, 0, 2, 52.5, 61, 1, "合格"],
                         ["丁镇", "乡镇", 1, 1, 0, 0, 1, 1, 5, 5, 1, "合格"],
                         ["乙局", "部门", 2, 2, 0, 0, 0, 0, 2, 2, 2, "不合格"]],
                        columns=[c.name for c in columns])
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(rows, path, columns=columns, title=TITLE, notes=[])
    values = [[c.value for c in row] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=3)]
    assert values[0][:4] == ["单位", "信息报送情况", None, "信息采用情况"] and values[1][3:7] == ["国家", None, "市", None]
    # one section per group, in the order the groups first come; the group column itself is not printed
    assert [v[0] for v in values[3:]] == ["部门", "甲局", "乙局", "乡镇", "丁镇", "合计"]
    assert values[4] == ["甲局", 3, 4, 1, 1, 0, 2, 52.5, 61, 1, "合格"]
    assert values[-1][1:9] == [6, 7, 1, 1, 1, 3, 59.5, 68] and values[-1][9:] == [None, None]
