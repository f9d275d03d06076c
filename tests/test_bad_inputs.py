"""The office's real mistakes, one run: each bad row or message is rejected once with its reason and row,
each awkward-but-valid one is counted, and everything else is still counted right."""
from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import duckdb
import pytest
from builders import message, registry, write_eml, write_workbook
from openpyxl import Workbook

from govinfo.config import Paths
from govinfo.pipeline import ingest_step, run_period, validate_step
from ingestion.errors import InputError

pytestmark = pytest.mark.pipeline

ADOPT = ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"]
PAPER = ["报送日期", "单位名称", "信息标题"]
UNITS = [["格尔木市甲局", "市甲局", "甲局、甲", "jia@example.org", None],
         ["格尔木农垦（集团）有限公司", "格尔木农垦(集团)", "农垦;农垦集团", "nk@example.org;NK2@example.org", None]]
MAY = "Mon, 06 May 2024 10:00:00 +0800"

# (case, file it lives in, sheet or None, row or None, reason) of every item that must be listed as not used
EXPECTED_NOT_USED = [
    ("adoption level 区级", "sheets/adopt-levels.xlsx", "采用登记", 2, "bad_level"),
    ("adoption type 简报", "sheets/adopt-levels.xlsx", "采用登记", 3, "bad_type"),
    ("adoption with an empty unit", "sheets/adopt-levels.xlsx", "采用登记", 4, "unknown_unit"),
    ("unit not in the registry", "sheets/adopt-unknown.xlsx", "采用登记", 2, "unknown_unit"),
    ("a date that is not a date", "sheets/adopt-dates.xlsx", "采用登记", 2, "bad_date"),
    ("a 2023 date in a 2024 register", "sheets/adopt-dates.xlsx", "采用登记", 3, "date_outside_register_year"),
    ("paper row with an empty title", "sheets/paper.xlsx", "纸质报送", 3, "empty_title"),
    ("paper row dated 五月", "sheets/paper.xlsx", "纸质报送", 4, "bad_date"),
    ("review decision Y", "sheets/decisions.xlsx", "审核登记", 2, "bad_decision"),
    ("override period 2024-06", "sheets/decisions.xlsx", "考核调整", 2, "bad_period"),
    ("override verdict 通过", "sheets/decisions.xlsx", "考核调整", 3, "bad_verdict"),
    ("a unit registered twice with other values", "sheets/registry2.xlsx", "单位名册", 2, "duplicate_unit"),
    ("exact repeat of a row in two workbooks", "sheets/adopt-repeat-b.xlsx", "采用登记", 2, "exact_repeat"),
    ("a sheet with an unknown name", "sheets/odd-sheet.xlsx", "Sheet1", None, "unknown_sheet"),
    ("a workbook that is not a workbook", "sheets/not-a-workbook.xlsx", None, None, "unreadable_workbook"),
    ("a file in mail/ that is no message", "mail/readme.txt", None, None, "not_an_input"),
    ("a truncated .eml", "mail/truncated.eml", None, None, "truncated_message"),
    ("a message with no From", "mail/no-from.eml", None, None, "unknown_sender"),
    ("a stranger naming no unit", "mail/stranger.eml", None, None, "unknown_sender"),
    ("a Date nobody can read, no Received", "mail/no-date.eml", None, None, "no_date"),
    ("no attachment and an empty body", "mail/empty.eml", None, None, "no_content"),
    ("an auto-reply", "mail/auto-reply.eml", None, None, "auto_reply"),
    ("a delivery report", "mail/bounce.eml", None, None, "delivery_report"),
    ("the same message saved twice", "mail/dup-2.eml", None, None, "duplicate_message"),
]

# awkward but valid: these are counted (period 2024-05)
EXPECTED_ANNEX = {
    "市甲局": {"submitted": 6, "info_province": 1, "info_city": 2, "brief_prefecture": 1, "brief_city": 1},
    "格尔木农垦(集团)": {"submitted": 3, "info_prefecture": 1, "brief_city": 1},
}


def _sheet_with_merged_header(path):
    book = Workbook()
    ws = book.active
    ws.title = "采用登记"
    ws.append(["采用日期", "单位名称", None, "信息标题", "采用级别", "采用类型"])
    ws.merge_cells("B1:C1")  # a merged header cell over two columns
    ws.append(["2024-05-20", "市甲局", None, "合并表头的行", "市", "信息"])
    book.save(path)


def _build(inputs):
    sheets, mail = inputs / "sheets", inputs / "mail"
    write_workbook(sheets / "registry.xlsx", registry(UNITS))
    write_workbook(sheets / "registry2.xlsx", {"单位名册": [
        ["单位名称", "表内名称", "别名", "报送邮箱", "考核类别"],
        ["格尔木市甲局", "甲局另名", None, "other@example.org", None]]})
    write_workbook(sheets / "adopt-levels.xlsx", {"采用登记": [
        ADOPT, ["2024-05-08", "市甲局", "区级采用", "区级", "信息"], ["2024-05-08", "市甲局", "简报采用", "市", "简报"],
        ["2024-05-08", None, "无单位", "市", "信息"],
        ["2024-05-09", "市甲局 ", "尾随空格的单位", "省级 ", "信息"],                      # trailing spaces
        ["2024-05-09", "格尔木农垦（集团）", "全角括号", "州级", "信息"]]})                 # full-width brackets
    write_workbook(sheets / "adopt-unknown.xlsx", {"采用登记": [ADOPT, ["2024-05-08", "市气象局", "外单位", "市", "信息"]]})
    write_workbook(sheets / "adopt-dates.xlsx", {"采用登记": [
        ADOPT, ["五月八日", "市甲局", "坏日期", "市", "信息"], ["2023-05-08", "市甲局", "去年的日期", "市", "信息"],
        ["45431", "市甲局", "序列号日期", "市", "信息"],                                     # Excel serial as text: 2024-05-19
        [dt.datetime(2024, 6, 3), "甲", "真日期", "州", "动态"],
        [None, None, None, None, None],                                                  # a blank row in the middle
        ["2024年6月5日", "甲局", "中文日期", "市", "动态"]]})
    write_workbook(sheets / "adopt-repeat-a.xlsx", {"采用登记": [ADOPT, ["2024-06-10", "农垦", "重复行", "市", "动态"]]})
    write_workbook(sheets / "adopt-repeat-b.xlsx", {"采用登记": [ADOPT, ["2024-06-10", "农垦", "重复行", "市", "动态"]]})
    _sheet_with_merged_header(sheets / "merged-header.xlsx")
    write_workbook(sheets / "paper.xlsx", {"纸质报送": [
        PAPER, ["2024-05-10", "市甲局", "纸质报送一"], ["2024-05-10", "市甲局", "【】"], ["五月", "市甲局", "没有日期"],
        [45432, "农垦集团", "数字日期的纸质报送"]]})
    write_workbook(sheets / "decisions.xlsx", {
        "审核登记": [["单位名称", "信息标题", "是否计入", "原因"], ["市甲局", "纸质报送一", "Y", "?"]],
        "考核调整": [["期间", "单位名称", "结论", "原因"], ["2024-06", "市甲局", "合格", "x"], ["2024-05", "市甲局", "通过", "x"]]})
    write_workbook(sheets / "odd-sheet.xlsx", {"Sheet1": [["随手记"], ["一些数字", 1]]})
    (sheets / "not-a-workbook.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")

    write_eml(mail, "ok-1.eml", message(sender="JIA@Example.org", subject="大小写不同的地址", date=MAY,
                                        attachments=[("甲局工作一.docx", b"1")]))
    write_eml(mail, "ok-2.eml", message(sender="nk2@example.org", subject="第二个邮箱", date=MAY, body="正文"))
    write_eml(mail, "ok-3.eml", message(sender="someone@qq.com", subject="【农垦集团】用别名标注的主题", date=MAY, body="正文"))
    write_eml(mail, "ok-4.eml", message(sender="jia@example.org", subject="只有标签的附件名", date=MAY,
                                        attachments=[("【约稿3】.docx", b"2")]))
    write_eml(mail, "ok-5.eml", message(sender="jia@example.org", subject="只带照片", date=MAY, body="正文",
                                        attachments=[("现场.jpg", b"jpg")]))
    nameless = message(sender="jia@example.org", subject="附件没有名字", date=MAY, body="").replace(
        b"Content-Type: text/plain", b"Content-Type: multipart/mixed; boundary=ZZ", 1)
    nameless = nameless.split(b"\r\n\r\n")[0] + (b"\r\n\r\n--ZZ\r\nContent-Type: application/msword\r\n"
                                                 b"Content-Disposition: attachment\r\n\r\nDOC\r\n--ZZ--\r\n")
    write_eml(mail, "ok-6.eml", nameless)
    write_eml(mail, "readme.txt", b"notes of the clerk")
    write_eml(mail, "truncated.eml", message(sender="jia@example.org", subject="被截断", date=MAY,
                                             attachments=[("被截断的附件.docx", b"x" * 300)])[:-120])
    write_eml(mail, "no-from.eml", message(sender=None, subject="没有发件人", date=MAY, body="正文"))
    write_eml(mail, "stranger.eml", message(sender="x@qq.com", subject="【市气象局】不认识的单位", date=MAY, body="正文"))
    write_eml(mail, "no-date.eml", message(sender="jia@example.org", subject="日期坏了", date="sometime", body="正文"))
    write_eml(mail, "empty.eml", message(sender="jia@example.org", subject="空的", date=MAY, body=""))
    write_eml(mail, "auto-reply.eml", message(sender="jia@example.org", subject="自动回复：休假中", date=MAY, body="休假",
                                              headers={"Auto-Submitted": "auto-replied"}))
    write_eml(mail, "bounce.eml", message(sender="MAILER-DAEMON@example.org", subject="Undelivered", date=MAY, body="x"))
    dup = message(sender="jia@example.org", subject="同一封信存了两次", date=MAY, body="正文",
                  headers={"Message-ID": "<same@example.org>"})
    write_eml(mail, "dup-1.eml", dup)
    write_eml(mail, "dup-2.eml", dup)


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-inputs")
    _build(root / "inputs")
    paths = Paths.resolve(root / "inputs", root / "wh" / "g.duckdb", root / "pub")
    lines = run_period(paths, "2024-05", progress=lambda _: None)
    with open(paths.publish_dir / "2024-05" / "rejected.csv", encoding="utf-8-sig") as handle:
        rejected = list(csv.DictReader(handle))
    with open(paths.publish_dir / "2024-05" / "annex.csv", encoding="utf-8-sig") as handle:
        annex = {r["unit"]: r for r in csv.DictReader(handle)}
    return paths, lines, rejected, annex


@pytest.mark.parametrize("case,source_file,sheet,row,reason", EXPECTED_NOT_USED, ids=[c[0] for c in EXPECTED_NOT_USED])
def test_each_mistake_is_listed_once_with_its_reason(corpus_run, case, source_file, sheet, row, reason):
    _, _, rejected, _ = corpus_run
    matches = [r for r in rejected if r["source_file"] == source_file and r["sheet"] == (sheet or "")
               and r["row_number"] == (str(row) if row else "")]
    assert [m["reason"] for m in matches] == [reason], f"{case}: {matches}"
    assert matches[0]["detail"], f"{case}: the clerk needs a detail"


def test_nothing_else_is_listed(corpus_run):
    _, _, rejected, _ = corpus_run
    listed = Counter((r["source_file"], r["sheet"], r["row_number"]) for r in rejected)
    expected = Counter((f, s or "", str(r) if r else "") for _, f, s, r, _ in EXPECTED_NOT_USED)
    assert listed == expected


def test_the_good_rows_are_still_counted_right(corpus_run):
    _, _, _, annex = corpus_run
    for unit, figures in EXPECTED_ANNEX.items():
        got = {k: int(v) for k, v in annex[unit].items() if k not in ("unit", "verdict") and not k.endswith("_ytd")}
        want = {k: figures.get(k, 0) for k in got if k != "points"}
        assert {k: v for k, v in got.items() if k != "points"} == want, unit


def test_rejections_name_the_expectation_that_caught_them(corpus_run):
    _, _, rejected, _ = corpus_run
    level = next(r for r in rejected if r["reason"] == "bad_level")
    assert level["expectation"] == "采用登记: expect_column_values_to_be_in_set(level_key)"
    assert "区级" in level["detail"]


def test_the_accounting_adds_up_to_what_was_read(corpus_run):
    paths, lines, _, _ = corpus_run
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        rows = con.execute("SELECT input, items_read, used, skipped, rejected FROM marts.input_accounting").fetchall()
        files = con.execute("SELECT count(*) FROM raw.source_files WHERE kind = 'mail'").fetchone()[0]
    accounting = {r[0]: r[1:] for r in rows}
    assert accounting["messages"][0] == files == 15
    assert accounting["messages"] == (15, 7, 3, 5)
    assert all(read == used + skipped + rejected for read, used, skipped, rejected in accounting.values())
    # the register rows rejected are exactly those rejected.csv lists
    listed = sum(1 for r in corpus_run[2] if r["disposition"] == "rejected" and r["sheet"] and r["row_number"])
    assert accounting["register rows"][3] == listed
    assert any(line.startswith("messages: 15 read = 7 used + 3 skipped + 5 rejected") for line in lines)


STRUCTURAL = [
    ("wrong header spelling", {"采用登记": [["采用时间", "单位名称", "信息标题", "采用级别", "采用类型"]]},
     "sheets/case.xlsx / sheet 采用登记 / column 采用日期"),
    ("points standard without 动态 州, used by an adoption",
     {"积分标准": [["项目", "级别", "分值"], ["报送", None, 1], ["信息", "省", 30], ["信息", "州", 15], ["信息", "市", 5],
                  ["动态", "省", 15], ["动态", "市", 3]],
      "采用登记": [["采用日期", "单位名称", "信息标题", "采用级别", "采用类型"], ["2024-05-08", "市甲局", "州动态", "州级", "动态"]]},
     "sheets/case.xlsx / sheet 采用登记 / row 2: 采用类型 动态 at 采用级别 州级 has no row in 积分标准"),
    ("points standard without 报送", {"积分标准": [["项目", "级别", "分值"], ["信息", "省", 30]]},
     "sheet 积分标准: the standard must give 分值 for 报送"),
    ("a quota that is not a number", {"考核标准": [["考核类别", "每月最少报送", "每月最少采用"], ["A", "五", 1]]},
     "sheets/case.xlsx / sheet 考核标准 / row 2: 每月最少报送 “五” is not a whole number"),
    ("a tier 考核标准 does not define", {"单位名册": [["单位名称", "表内名称", "别名", "报送邮箱", "考核类别"],
                                                   ["格尔木市丁局", "市丁局", None, "d@example.org", "D"]]},
     "sheets/case.xlsx / sheet 单位名册 / row 2: 考核类别 “D” has no row in 考核标准"),
]


@pytest.mark.parametrize("case,sheets,message_start", STRUCTURAL, ids=[c[0] for c in STRUCTURAL])
def test_structural_problems_stop_before_dbt_naming_file_sheet_and_column(tmp_path, case, sheets, message_start):
    rules = {"考核标准": [["考核类别", "每月最少报送", "每月最少采用"], ["A", 5, 1]],
             "积分标准": [["项目", "级别", "分值"], ["报送", None, 1], ["信息", "省", 30], ["信息", "州", 15],
                          ["信息", "市", 5], ["动态", "省", 15], ["动态", "州", 5], ["动态", "市", 3]]}
    registry_sheets = registry(UNITS, {k: v for k, v in rules.items() if k not in sheets})
    if "单位名册" in sheets:
        registry_sheets.pop("单位名册")
    write_workbook(tmp_path / "in" / "sheets" / "registry.xlsx", registry_sheets)
    write_workbook(tmp_path / "in" / "sheets" / "case.xlsx", sheets)
    paths = Paths.resolve(tmp_path / "in", tmp_path / "g.duckdb", tmp_path / "pub")
    with pytest.raises(InputError) as caught:
        ingest_step(paths, progress=lambda _: None)
        validate_step(paths)
    assert message_start in str(caught.value)
    assert not (tmp_path / "pub").exists()
