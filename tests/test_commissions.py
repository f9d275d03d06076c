"""约稿 tracking through the whole pipeline on real .eml files and .xlsx registers: responsible units
(listed, or 各部门、各单位), responses by 【约稿N】 and by 纸质报送 约稿编号 (also a merged repeat), the states
按时/逾期/未报 at the period's end, adoption, and commissions.csv."""
from __future__ import annotations

import csv

import duckdb
import pytest

from builders import message, registry, write_eml, write_workbook

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
