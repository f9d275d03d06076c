"""ingestion/workbook.py on small real .xlsx files: sheets recognised by name, the header row found below
title lines, columns matched by their Chinese header however it is spaced or typed; what is missing named."""
from __future__ import annotations

import datetime as dt

import pytest
from builders import write_workbook

from ingestion.errors import InputError
from ingestion.workbook import SheetRows, UnusedSheet, cell_text, read_workbook

HEADER = ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型"]
ROW = ["2024-05-10", "市甲局", "甲局推进春耕", "省级", "信息"]


def _sheets(tmp_path, sheets):
    path = write_workbook(tmp_path / "book.xlsx", sheets)
    return [(s, list(s.rows)) if isinstance(s, SheetRows) else (s, None) for s in read_workbook(path, "book.xlsx")]


def test_the_header_is_found_below_title_lines(tmp_path):
    [(sheet, rows)] = _sheets(tmp_path, {"采用登记": [["2024年采用登记"], [], HEADER, ROW]})
    assert sheet.spec.name == "采用登记" and sheet.header_row == 3
    assert rows[0]["title"] == "甲局推进春耕" and rows[0]["row_number"] == 4


def test_headers_with_spaces_full_width_and_other_order_match(tmp_path):
    header = ["信息 标题", "单位\u3000名称", "采用日期", "采用类型", "采用级别 ", "备注"]
    [(sheet, rows)] = _sheets(tmp_path, {" 采用登记 ": [header, ["甲局推进春耕", "市甲局", "2024-05-10", "信息", "省级", "x"]]})
    assert {k: rows[0][k] for k in ("title", "unit_name", "level", "adoption_type")} == \
        {"title": "甲局推进春耕", "unit_name": "市甲局", "level": "省级", "adoption_type": "信息"}


def test_a_missing_required_column_names_file_sheet_and_column(tmp_path):
    with pytest.raises(InputError) as caught:
        _sheets(tmp_path, {"采用登记": [["采用日期", "单位名称", "信息标题", "采用级别"], ROW[:4]]})
    assert (caught.value.file, caught.value.sheet, caught.value.column) == ("book.xlsx", "采用登记", "采用类型")
    assert "book.xlsx / sheet 采用登记 / column 采用类型" in str(caught.value)


def test_no_header_in_the_first_rows_is_named(tmp_path):
    rows = [["标题"]] * 5 + [HEADER, ROW]
    with pytest.raises(InputError) as caught:
        _sheets(tmp_path, {"采用登记": rows})
    assert caught.value.sheet == "采用登记" and "first 5 rows" in str(caught.value)


def test_a_sheet_of_another_name_is_reported_unused_and_an_empty_one_is_not(tmp_path):
    found = _sheets(tmp_path, {"备忘": [["随手记"]], "空表": [], "采用登记": [HEADER, ROW]})
    unused = [s for s, _ in found if isinstance(s, UnusedSheet)]
    assert [u.sheet for u in unused] == ["备忘"]
    assert [s.spec.name for s, _ in found if isinstance(s, SheetRows)] == ["采用登记"]


@pytest.mark.parametrize("value, text", [
    (None, None), ("  ", None), (" 甲 ", " 甲 "), (3.0, "3"), (3.5, "3.5"), (12, "12"),
    (dt.datetime(2024, 5, 8), "2024-05-08"), (dt.datetime(2024, 5, 8, 9, 30), "2024-05-08 09:30:00"),
    (dt.date(2024, 5, 8), "2024-05-08"),
])
def test_cell_text_is_what_the_office_typed(value, text):
    assert cell_text(value) == text
