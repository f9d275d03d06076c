"""Example scheme workbooks: one small inputs folder per 考核周期 (docs/scheme.md), seeded and reproducible.

    python -m devtools.samplegen.schemes samples        # writes samples/scheme-<cycle>/

Each folder holds 2024 of three units: mail/ (one message a submission), sheets/scheme.xlsx (考核设置,
采用级别, 采用类型, 积分标准, 考核标准), sheets/registry.xlsx (单位名册 with 单位类别), sheets/adoptions.xlsx
(采用登记), and expected.json: the periods of the year and what each unit submitted in each.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from pathlib import Path

from ingestion.periods import Calendar

from .golmud_sheets import COMMISSIONS
from .messages import Body, MessageSpec, build_message, message_bytes
from .scale_events import COMMISSIONS as COMMISSION_COUNT
from .scale_sheets import REGISTRY_HEADER, registry_rows
from .sheets import write_workbook

YEAR = 2024
CYCLES = {"monthly": "月", "bimonthly": "双月", "quarterly": "季度", "halfyearly": "半年", "yearly": "年"}
# 单位名称, 表内名称, 别名, 报送邮箱, 考核类别, 单位类别
UNITS = [("示例市发展和改革委员会", "市发改委", "发改委", "fgw@example.org", "A", "部门"),
         ("示例市农牧局", "市农牧局", "农牧局", "nmj@example.org", "B", "部门"),
         ("示例镇人民政府", "示例镇", "示例镇政府", "zhen@example.org", None, "乡镇街道")]
LEVELS = [("省", "province", "省级", 1), ("州", "prefecture", "州级、州里", 2), ("市", "city", "市级", 3)]
KINDS = [("信息", "info", None, 1), ("动态", "brief", "简讯", 2)]
POINTS = [("报送", None, 1), ("信息", "省", 30), ("信息", "州", 15), ("信息", "市", 5),
          ("动态", "省", 15), ("动态", "州", 5), ("动态", "市", 3)]


def _settings(cycle: str) -> list[list]:
    ranked = cycle in ("季度", "年")
    return [["考核周期", cycle, None], ["多级采用计分", "累加", None], ["显示排名", "是" if ranked else "否", None],
            ["排名依据", "本期积分", None], ["排序", "排名" if ranked else "合格优先", None],
            ["发文单位", "示例市人民政府办公室", None], ["联系人", "张三", None], ["联系电话", "0000-1234567", None],
            ["报送邮箱", "office@example.org", None], ["文号", "示政办〔2024〕1号", None]]


def _message(unit: tuple, when: dt.datetime, title: str) -> bytes:
    spec = MessageSpec(message_id=f"<{when:%Y%m%d%H%M}.{unit[3]}>", from_address=unit[3],
                       to_address="office@example.org", subject=title, date=when, from_name=unit[1],
                       body=Body(f"{title}。\n\n{unit[0]}"))
    return message_bytes(build_message(spec))


def generate_one(out_dir: Path, cycle: str, seed: int) -> dict:
    """One inputs folder for the 考核周期; returns what expected.json holds."""
    rng = random.Random(f"{seed}/{cycle}")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    adoptions, sent = [], []
    for month in range(1, 13):
        for unit in UNITS:
            for n in range(rng.randint(1, 2)):
                day = dt.date(YEAR, month, rng.randint(1, 20))
                when = dt.datetime.combine(day, dt.time(9 + n, rng.randint(0, 59)),
                                           tzinfo=dt.timezone(dt.timedelta(hours=8)))
                title = f"{unit[1]}{month}月工作动态之{n + 1}"
                path = out_dir / "mail" / f"{YEAR}-{month:02}" / f"{len(sent) + 1:04}.eml"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(_message(unit, when, title))
                sent.append((unit[1], day))
                if rng.random() < 0.4:
                    level, kind = rng.choice(LEVELS), rng.choice(KINDS)
                    adoptions.append([day + dt.timedelta(days=rng.randint(1, 7)), unit[2], title,
                                      rng.choice([level[0], *(level[2] or "").split("、")[:1]]), kind[0], "示例政务信息",
                                      str(len(adoptions) + 1)])
    write_workbook(out_dir / "sheets" / "scheme.xlsx", [
        ("考核设置", ["项目", "值", "生效日期"], _settings(cycle)),
        ("采用级别", ["级别", "代码", "别名", "顺序"], [list(r) for r in LEVELS]),
        ("采用类型", ["类型", "代码", "别名", "顺序"], [list(r) for r in KINDS]),
        ("积分标准", ["项目", "级别", "分值"], [list(r) for r in POINTS]),
        ("考核标准", ["考核类别", "每月最少报送", "每月最少采用", "判定方式"], [["A", 1, 0, "全部"], ["B", 1, 0, "全部"]]),
    ])
    write_workbook(out_dir / "sheets" / "registry.xlsx", [
        ("单位名册", ["单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "单位类别"], [list(u) for u in UNITS])])
    write_workbook(out_dir / "sheets" / "adoptions.xlsx", [
        ("采用登记", ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"],
         [a for a in adoptions if a[0].year == YEAR])])
    periods = Calendar([(None, cycle)], cycle).periods_of(YEAR)
    expected = {"考核周期": cycle, "periods": {
        p.id: {"first_day": str(p.start), "last_day": str(p.last_day),
               "submitted": {u[1]: sum(1 for who, day in sent if who == u[1] and p.start <= day < p.end)
                             for u in UNITS}} for p in periods}}
    (out_dir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return expected


def generate(samples_dir: Path, seed: int = 2024) -> dict[str, dict]:
    return {name: generate_one(samples_dir / f"scheme-{name}", cycle, seed) for name, cycle in CYCLES.items()}


# The rich scheme of the benchmark (issue 10 item 7): the levels and kinds of its own codes, a 国家 level, 刊物
# rows, 批示 per level, 约稿, 达标, yearly 上限, 取最高, a rule version inside the year, decimal points, groups and
# ranks. Written over a generated province (devtools.generate --scheme rich); its 采用登记 rows keep 省/州/市 and
# 信息/动态, which the 别名 below still name.
RICH_SETTINGS = [["考核周期", "双月"], ["多级采用计分", "取最高"], ["显示排名", "是"], ["排名依据", "累计积分"],
                 ["排序", "排名"], ["发文单位", "青海省人民政府办公厅"]]
RICH_LEVELS = [("国家", "nat", "国家级、国办", 1), ("省", "prov", "省级", 2), ("州", "pref", "州级、市州", 3),
               ("市", "cty", "市级、县级", 4)]
RICH_KINDS = [("信息", "msg", "信息类", 1), ("动态", "news", "简讯", 2), ("图片", "pic", "照片", 3)]
RICH_POINTS = [  # 项目, 级别, 刊物, 分值, 上限, 生效日期
    ["报送", None, None, 0.5, None, None],
    *[[kind, level, None, points, None, None] for kind, row in
      (("信息", (60, 30, 15, 5)), ("动态", (30, 15, 5, 2.5)), ("图片", (10, 4, 1.5, 0.5)))
      for level, points in zip(("国家", "省", "州", "市"), row)],
    ["信息", "市", None, 6, None, dt.date(YEAR, 7, 1)],
    ["信息", "省", "青海政务信息", 35.5, None, None], ["动态", "州", "州政务信息", 6.5, None, None],
    ["信息", None, "政务信息专报", 8, 80, None],
    ["批示", "国家", None, 20, 60, None], ["批示", "省", None, 10, 40, None], ["批示", "州", None, 5, None, None],
    ["约稿按时", None, None, 1, None, None], ["约稿逾期", None, None, -0.5, None, None],
    ["约稿未报", None, None, -1, None, None], ["达标", None, None, 1, 6, None]]
RICH_QUOTAS = [["A", 5, 1, None, None, 20, "全部"], ["B", 4, 0, None, None, None, "全部"],
               ["C", 2, 0, 6, 1, None, "任一"]]
RICH_GROUPS = (("部门", 6), ("乡镇街道", 3), ("企业", 1))


def write_rich_scheme(sheets: Path, units: list, months: list[tuple[int, int]], seed: int) -> None:
    """Over a generated province's sheets/: scheme.xlsx (考核设置, 采用级别, 采用类型, 积分标准), registry.xlsx again
    with 单位类别 and a tier change in July for one unit in a hundred, the extended 考核标准, 约稿 due through the
    months, 批示登记 (about one unit in twenty a month) and 加减分登记. Seeded: the same arguments write the same
    bytes."""
    rng = random.Random(f"{seed}/rich-scheme")
    write_workbook(sheets / "scheme.xlsx", [
        ("考核设置", ["项目", "值"], RICH_SETTINGS),
        ("采用级别", ["级别", "代码", "别名", "顺序"], [list(r) for r in RICH_LEVELS]),
        ("采用类型", ["类型", "代码", "别名", "顺序"], [list(r) for r in RICH_KINDS]),
        ("积分标准", ["项目", "级别", "刊物", "分值", "上限", "生效日期"], RICH_POINTS)])
    groups, weights = zip(*RICH_GROUPS)
    registry, changed = [], []
    for row in registry_rows(units):
        row = [*row, rng.choices(groups, weights)[0], None, None]
        if rng.random() < 0.01:     # tier B from July: two rows of one unit, ranges apart
            changed.append([row[0], *row[1:5], "B", row[6], dt.date(YEAR, 7, 1), None])
            row[8] = dt.date(YEAR, 6, 30)
        registry.append(row)
    write_workbook(sheets / "registry.xlsx", [
        ("单位名册", [*REGISTRY_HEADER, "单位类别", "启用日期", "停用日期"], registry + changed),
        ("考核标准", ["考核类别", "每月最少报送", "每月最少采用", "本期最少报送", "本期最少采用", "本期最少积分",
                      "判定方式"], RICH_QUOTAS)])
    endorsed, adjusted = [], []
    for year, month in months:
        for unit in units:
            if rng.random() < 0.05:
                level = rng.choice(("国家", "省", "省级", "州", "市"))   # 市 has no 批示 row: listed, worth nothing
                endorsed.append([dt.date(year, month, rng.randint(1, 28)), unit.full, f"{unit.short}{month}月工作成效",
                                 level, rng.choice(("省长", "副省长", "州长", None))])
            if rng.random() < 0.01:
                adjusted.append([dt.date(year, month, rng.randint(1, 28)), unit.short, *rng.choice(
                    (("失实", -2.5, "一篇信息失实"), ("表扬", 1.5, "信息工作受到表扬")))])
    # the 约稿 topics due through the months, so each period has 约稿 in each state
    topics = [[n, topic, "各部门、各单位", dt.date(*months[(n - 1) % len(months)], 20)]
              for n, topic, _units, _due in COMMISSIONS[:COMMISSION_COUNT]]
    write_workbook(sheets / "commissions.xlsx", [("约稿", ["编号", "主题", "责任单位", "截止日期"], topics)])
    write_workbook(sheets / "endorsements.xlsx", [
        ("批示登记", ["批示日期", "单位名称", "信息标题", "批示级别", "批示领导"], endorsed)])
    write_workbook(sheets / "adjustments.xlsx", [("加减分登记", ["日期", "单位名称", "事项", "分值", "说明"], adjusted)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.samplegen.schemes",
                                     description="write samples/scheme-<cycle>/, one example inputs folder per 考核周期")
    parser.add_argument("samples", nargs="?", default="samples", help="the folder to write them in (default samples)")
    out = Path(parser.parse_args(argv).samples)
    for name, expected in generate(out).items():
        print(f"{out / f'scheme-{name}'}: {expected['考核周期']}, periods {', '.join(expected['periods'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
