"""约稿 tracking through the whole pipeline on real .eml files and .xlsx registers: responsible units
(listed, or 各部门、各单位), responses by 【约稿N】 and by 纸质报送 约稿编号 (also a merged repeat), the states
按时/逾期/未报 at the period's end, adoption, and commissions.csv."""
from __future__ import annotations

import csv

import duckdb
import pytest

from builders import message, registry, write_eml, write_workbook

from openpyxl import load_workbook

from govinfo.cli import main
from govinfo.config import Paths
from govinfo.pipeline import run_period

pytestmark = pytest.mark.pipeline


def _inputs(root):
    write_workbook(root / "sheets" / "registry.xlsx", registry([
        ["格尔木市甲局", "市甲局", "甲局", "jia@example.org", None],
        ["格尔木市乙局", "市乙局", "乙局", "yi@example.org", None],
        ["格尔木市丙局", "市丙局", "丙局", "bing@example.org", None],
    ]))
    write_workbook(root / "sheets" / "commissions.xlsx", {"约稿": [
        ["编号", "主题", "责任单位", "截止日期"],
        [1, "春耕情况", "市甲局；乙局", "2024-05-20"],
        [2, "年中总结", "各部门、各单位", "2024-06-10"],
        [3, "下期主题", "市丙局", "2024-07-16"],          # next period: no pair in 2024-05
    ]})
    write_workbook(root / "sheets" / "paper.xlsx", {"纸质报送": [
        ["报送日期", "单位名称", "信息标题", "约稿编号"],
        ["2024-06-10", "格尔木市乙局", "乙局年中工作总结", 2],     # the last day still counts as 按时
        ["2024-06-12", "格尔木市甲局", "甲局上半年工作总结", 2],   # a repeat of jia's mailed article
    ]})
    write_workbook(root / "sheets" / "adoptions.xlsx", {"采用登记": [
        ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型"],
        ["2024-05-22", "市甲局", "甲局春耕进展顺利", "市", "信息"],
        ["2024-06-20", "乙局", "乙局年中工作总结", "州", "动态"],
    ]})
    mail = root / "mail"
    write_eml(mail, "1.eml", message(sender="jia@example.org", subject="【约稿1】甲局春耕进展顺利",
                                     date="Mon, 20 May 2024 23:30:00 +0800",
                                     attachments=[("甲局春耕进展顺利.docx", b"d")]))
    write_eml(mail, "2.eml", message(sender="yi@example.org", subject="【约稿1】乙局春耕",
                                     date="Tue, 21 May 2024 08:00:00 +0800", body="正文"))
    # jia's article for 约稿2, first sent untagged on 3 June, then on paper tagged 2 (merged as a repeat)
    write_eml(mail, "3.eml", message(sender="jia@example.org", subject="甲局上半年工作总结",
                                     date="Mon, 03 Jun 2024 10:00:00 +0800", body="正文"))
    return root


def test_commission_states_and_csv(tmp_path):
    paths = Paths.resolve(_inputs(tmp_path / "inputs"), tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, "2024-05", progress=lambda _: None)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        pairs = con.execute("SELECT commission_no, unit, state, responses, adopted FROM marts.commissions "
                            "WHERE period_id = '2024-05' ORDER BY commission_no, registry_order").fetchall()
    assert pairs == [
        (1, "市甲局", "按时", 1, True),       # 23:30 on the due day, adopted on 22 May
        (1, "市乙局", "逾期", 1, False),      # the morning after
        (2, "市甲局", "逾期", 1, False),      # only the paper repeat is tagged: its own time, 12 June
        (2, "市乙局", "按时", 1, True),
        (2, "市丙局", "未报", 0, False),
    ]
    path = paths.publish_dir / "2024-05" / "commissions.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["commission_no", "topic", "unit", "due_on", "state", "first_response_at",
                             "first_response_title", "adopted"]
    assert rows[0] == {"commission_no": "1", "topic": "春耕情况", "unit": "市甲局", "due_on": "2024-05-20",
                       "state": "按时", "first_response_at": "2024-05-20 23:30",
                       "first_response_title": "甲局春耕进展顺利", "adopted": "是"}
    assert rows[3]["first_response_at"] == "2024-06-10"  # a paper response has a date only
    assert (rows[4]["state"], rows[4]["first_response_at"], rows[4]["adopted"]) == ("未报", "", "否")


def test_explain_not_counted_and_details(tmp_path, capsys):
    """Each submission with its source and why it did not count, in the terminal, not_counted.csv and 明细."""
    paths = Paths.resolve(_inputs(tmp_path / "inputs"), tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, "2024-05", progress=lambda _: None)
    assert main(["explain", "--period", "2024-05", "--unit", "甲局", "--warehouse", str(paths.warehouse)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("格尔木市甲局（表内名称 市甲局）")
    assert "2024-05-20 23:30  甲局春耕进展顺利  → 计入；约稿1  [mail/1.eml" in out
    assert ("2024-06-12  甲局上半年工作总结  → 不计入；重复报送（同一单位同一标题只计一次，按最早一次计）"
            "（duplicate_title）：same title as mail/3.eml#body；约稿2  [sheets/paper.xlsx 第3行]") in out
    assert "2024-05-22  甲局春耕进展顺利（市级信息）  → 计入，5分  [sheets/adoptions.xlsx 第2行]" in out
    assert "本期积分合计  → 7分；附件本期积分 7 分" in out     # 2 submissions + one 市 信息
    assert main(["explain", "--period", "2024-05", "--unit", "丁局", "--warehouse", str(paths.warehouse)]) == 2
    assert "“丁局”不是单位名册中的单位名称、表内名称或别名" in capsys.readouterr().err

    folder = paths.publish_dir / "2024-05"
    assert (folder / "not_counted.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with open(folder / "not_counted.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["unit"], r["title"], r["reason"], r["source_file"], r["row_number"]) for r in rows] == [
        ("市甲局", "甲局上半年工作总结", "duplicate_title", "sheets/paper.xlsx", "3")]
    assert rows[0]["reason_text"].startswith("重复报送")
    details = load_workbook(folder / "annex.xlsx")["明细"]
    values = [[c.value for c in row] for row in details.iter_rows()]
    assert values[0] == ["单位", "事项", "日期", "内容", "结果", "说明", "来源"]
    assert ["市甲局", "报送", "2024-06-12", "甲局上半年工作总结", "不计入"] in [v[:5] for v in values]
    assert {v[1] for v in values[1:]} >= {"报送", "采用", "月度考核", "考核结论", "约稿", "积分"}
