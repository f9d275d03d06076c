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

from .messages import Body, MessageSpec, build_message, message_bytes
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
