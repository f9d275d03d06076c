"""The register workbooks of a province-scale inputs folder: the registry, the office's
decisions, the commissioned topics, and one paper and one adoption register per month
(several workbooks may carry the same sheet). Names and dates are written as clerks write
them (golmud_sheets.SheetWriter), and each adoption register carries the sample's three bad
rows: an exact repeat, a unit not in the registry, a level that is none of 省/州/市."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .golmud_plan import QUOTAS
from .golmud_sheets import COMMISSIONS, POINTS, SheetWriter
from .golmud_units import Unit
from .scale_events import COMMISSIONS as COMMISSION_COUNT, PUBLICATIONS, UnitMonths
from .sheets import write_workbook


REGISTRY_HEADER = ["序号", "单位名称", "表内名称", "别名", "报送邮箱", "考核类别"]


def registry_rows(units: list[Unit]) -> list[list]:
    """单位名册 rows of the generated registry, in REGISTRY_HEADER's columns."""
    return [[i, u.full, u.short, ("、" if i % 2 else ";").join(u.aliases), ";".join(u.emails), u.tier or None]
            for i, u in enumerate(units, start=1)]


def write_registers(out: Path, units: list[Unit], results: list[UnitMonths], months: list[tuple[int, int]],
                    seed: int) -> int:
    """Every workbook under out/; returns the number of workbooks written."""
    clerk = SheetWriter(out, seed)
    standards = [[tier, subs, adopts] for tier, (subs, adopts) in QUOTAS.items()]
    write_workbook(out / "registry.xlsx", [
        ("单位名册", REGISTRY_HEADER, registry_rows(units)),
        ("考核标准", ["考核类别", "每月最少报送", "每月最少采用"], standards),
        ("积分标准", ["项目", "级别", "分值"], [list(p) for p in POINTS])])
    reviews = [[clerk.full_name_as_written(units[r.index]), title, decision, reason]
               for r in results for title, decision, reason in r.reviews]
    first = f"{months[0][0]:04d}-{months[0][1]:02d}"
    adjustments = [[first, units[0].full, "合格", "市政府办公室认定"]] if months[0][1] % 2 else []
    write_workbook(out / "decisions.xlsx", [("审核登记", ["单位名称", "信息标题", "是否计入", "原因"], reviews),
                                            ("考核调整", ["期间", "单位名称", "结论", "原因"], adjustments)])
    year, month = months[0]
    topics = [[n, topic, "各部门、各单位", dt.date(year, month, 28)]
              for n, topic, _units, _due in COMMISSIONS[:COMMISSION_COUNT]]
    write_workbook(out / "commissions.xlsx", [("约稿", ["编号", "主题", "责任单位", "截止日期"], topics)])
    for year, month in months:
        _paper(out / f"paper-{year:04d}-{month:02d}.xlsx", clerk, units, results, year, month)
        _adoptions(out / f"adoptions-{year:04d}-{month:02d}.xlsx", clerk, units, results, year, month)
    return 3 + 2 * len(months)


def _paper(path: Path, clerk: SheetWriter, units, results, year: int, month: int) -> None:
    rows = []
    for r in results:
        for day, title in r.paper:
            if (day.year, day.month) == (year, month):
                style = clerk.rng.choices(("date", "cn", "slash"), weights=(50, 25, 25))[0]
                written = {"date": day, "cn": f"{day.year}年{day.month}月{day.day}日",
                           "slash": f"{day.year}/{day.month:02d}/{day.day:02d}"}[style]
                rows.append([len(rows) + 1, written, clerk.full_name_as_written(units[r.index]), title])
    write_workbook(path, [("纸质报送", ["序号", "报送日期", "单位名称", "信息标题"], rows)])


def _adoptions(path: Path, clerk: SheetWriter, units, results, year: int, month: int) -> None:
    rows = []
    for r in results:
        for day, title, kind, level in r.adoptions:
            if (day.year, day.month) == (year, month):
                written = level + ("级" if clerk.rng.random() < 0.3 else "")
                rows.append([day, clerk.name_as_written(units[r.index]), title, written, kind,
                             PUBLICATIONS[level], f"第{len(rows) + 1}期"])
    if rows:
        day = rows[0][0]
        rows += [list(rows[0]),   # an exact repeat: counts once
                 [day, "省气象局", "省气象局精准做好气象服务保障", "市", "信息", PUBLICATIONS["市"], "第1期"],
                 [day, rows[0][1], rows[0][2] + "（区级）", "区级", "动态", "区工作动态", "第1期"]]
    write_workbook(path, [("采用登记", ["序号", "采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"],
                           [[i, *row] for i, row in enumerate(rows, start=1)])])
