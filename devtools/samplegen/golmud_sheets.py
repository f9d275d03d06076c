"""The register workbooks of the Golmud sample (sheets/*.xlsx): rows of every contract sheet,
written the way an office clerk would (names in several forms, dates as real dates or as
text, extra columns), plus the rows that must be rejected."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from .golmud_adoptions import Adoption
from .golmud_events import PaperRow
from .golmud_plan import ADJUSTMENTS, QUOTAS
from .golmud_cases import EXCLUDED, REVIEWED_OUT
from .golmud_commissions import COMMISSIONS
from .golmud_events import REVIEWED_IN
from .golmud_units import BY_SHORT, OFFICE_ADDRESS, OFFICE_NAME, UNITS, Unit
from .sheets import write_workbook

POINTS = (("报送", None, 1), ("信息", "省", 30), ("信息", "州", 15), ("信息", "市", 5),
          ("动态", "省", 15), ("动态", "州", 5), ("动态", "市", 3))
CLERKS = ("都丽娜", "马晓梅", "李娜")


class SheetWriter:
    def __init__(self, out: Path, seed: int):
        self.out = out
        self.rng = random.Random(seed)
        self.cases: list[tuple[str, str, str]] = []   # (where, unit, case)

    def name_as_written(self, unit: Unit) -> str:
        """采用登记 may name a unit by 单位名称, 表内名称 or alias, typed with stray spaces or brackets."""
        r = self.rng.random()
        if r < 0.45:
            return unit.short
        if r < 0.70:
            return unit.full
        if r < 0.92:
            return unit.aliases[0]
        if r < 0.97:
            return unit.short + "\u3000"
        return unit.short.replace("(", "（").replace(")", "）") if "(" in unit.short else " " + unit.short

    def full_name_as_written(self, unit: Unit) -> str:
        """Other sheets name a unit by 单位名称; NFKC and trimming make these forms the same."""
        r = self.rng.random()
        if r < 0.88:
            return unit.full
        if r < 0.94:
            return unit.full + "\u3000"
        return unit.full.replace("（", "(").replace("）", ")") if "（" in unit.full else " " + unit.full

    def note(self, where: str, unit: str, case: str) -> None:
        self.cases.append((where, unit, case))

    # -- registry -------------------------------------------------------------------------
    def registry(self) -> None:
        rows = []
        for i, unit in enumerate(UNITS, start=1):
            aliases = ("、" if i % 2 else ";").join(unit.aliases)
            emails = ("; " if unit.short == "西城区行委" else ";").join(unit.emails)
            note = "2024年起列入考核" if unit.tier else "不列入月度考核"
            rows.append([i, unit.full, unit.short, aliases, emails, unit.tier or None, note])
        standards = [[tier, subs, adopts, f"每月报送不少于{subs}期" + (f"、采用不少于{adopts}期" if adopts else "")]
                     for tier, (subs, adopts) in QUOTAS.items()]
        write_workbook(self.out / "registry.xlsx", [
            ("单位名册", ["序号", "单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "备注"], rows),
            ("考核标准", ["考核类别", "每月最少报送", "每月最少采用", "说明"], standards),
            ("积分标准", ["项目", "级别", "分值"], [list(p) for p in POINTS]),
        ])
        self.note("sheets/registry.xlsx#单位名册", "", "extra columns 序号 and 备注; 别名 separated by 、 or ;; "
                  "西城区行委 mailboxes separated by '; '")

    # -- decisions --------------------------------------------------------------------------
    def decisions(self) -> None:
        reviews = [
            [BY_SHORT[REVIEWED_IN[0]].full, REVIEWED_IN[2], "是", "防汛部署内容具体、指导性强，按政务信息计入", "都丽娜"],
            [BY_SHORT[REVIEWED_OUT[0]].full, REVIEWED_OUT[2], "否", "领导活动类信息，不计入（通知注1）", "都丽娜"],
            [BY_SHORT[EXCLUDED[0][0]].full, EXCLUDED[0][2], "否", "党建信息，不计入", "马晓梅"],
        ]
        adjustments = []
        for short, (verdict, reason) in ADJUSTMENTS.items():
            unit = BY_SHORT[short]
            adjustments.append(["2024-05", unit.full, verdict, reason])
        write_workbook(self.out / "decisions.xlsx", [
            ("审核登记", ["单位名称", "信息标题", "是否计入", "原因", "登记人"], reviews),
            ("考核调整", ["期间", "单位名称", "结论", "原因"], adjustments),
        ])
        self.note("sheets/decisions.xlsx#审核登记!R2", REVIEWED_IN[0], "是: a title with 会议 counted")
        self.note("sheets/decisions.xlsx#审核登记!R3", REVIEWED_OUT[0], "否: an ordinary title excluded")
        self.note("sheets/decisions.xlsx#审核登记!R4", EXCLUDED[0][0], "否 confirming a keyword exclusion")
        for i, short in enumerate(ADJUSTMENTS, start=2):
            why = ("computed 不合格 (no adoption in May-June), the notice says 合格" if short == "市民政局" else
                   "computed 合格 (tier B has no adoption quota), the notice lists it among the adoption failures")
            self.note(f"sheets/decisions.xlsx#考核调整!R{i}", short, f"office verdict {ADJUSTMENTS[short][0]}: {why}")

    # -- paper ------------------------------------------------------------------------------
    def paper(self, rows: list[PaperRow]) -> None:
        out = []
        for i, row in enumerate(sorted(rows, key=lambda r: (r.day, r.unit.short, r.title)), start=1):
            style = self.rng.choices(("date", "cn", "slash"), weights=(50, 25, 25))[0]
            day = row.day
            written = {"date": day, "cn": f"{day.year}年{day.month}月{day.day}日",
                       "slash": f"{day.year}/{day.month:02d}/{day.day:02d}"}[style]
            name = self.full_name_as_written(row.unit)
            out.append([i, written, name, row.title, row.commission, self.rng.choice(CLERKS),
                        None if row.counted else "同时邮件报送"])
            what = "; ".join(row.cases) + (" (报送日期 an Excel date" if style == "date" else f" (报送日期 text {written}")
            what += ")" if name == row.unit.full else f"; 单位名称 written {name!r})"
            self.note(f"sheets/paper.xlsx#纸质报送!R{i + 1}", row.unit.short, what)
        write_workbook(self.out / "paper.xlsx", [
            ("纸质报送", ["序号", "报送日期", "单位名称", "信息标题", "约稿编号", "经办人", "备注"], out)])

    # -- adoptions ----------------------------------------------------------------------------
    def adoptions(self, adoptions: list[Adoption]) -> None:
        main, extra = [], []
        text_dates = 0
        forced_fullwidth = False
        for a in adoptions:
            name = self.name_as_written(a.unit)
            if a.unit.short == "格尔木农垦(集团)" and not forced_fullwidth:
                name, forced_fullwidth = "格尔木农垦（集团）", True
            level = a.level + ("级" if self.rng.random() < 0.3 else "")
            day: object = a.day
            if a.day.month >= 5 and a.level == "市" and text_dates < 2 and self.rng.random() < 0.05:
                day, text_dates = f"{a.day.year}/{a.day.month}/{a.day.day}", text_dates + 1
            row = {"采用日期": day, "单位名称": name, "信息标题": a.title, "采用级别": level,
                   "采用类型": a.kind, "刊物": a.publication, "期号": a.issue}
            (extra if a.day.month >= 5 and a.level in ("省", "州") else main).append(row)
        duplicate = next(r for r in main if isinstance(r["采用日期"], dt.date) and r["采用日期"].month == 5)
        extra.append(dict(duplicate))
        water = next(a for a in adoptions if a.unit.short == "市水利局")
        east = next(a.submission for a in adoptions if a.unit.short == "东城区行委")
        extra += [
            {"采用日期": dt.date(2024, 5, 20), "单位名称": "市气象局", "信息标题": "市气象局精准做好汛期气象服务保障",
             "采用级别": "市", "采用类型": "信息", "刊物": "格尔木政务信息", "期号": "第47期"},
            {"采用日期": dt.date(2024, 6, 5), "单位名称": "东城区行委", "信息标题": east.title,
             "采用级别": "区级", "采用类型": "动态", "刊物": "东城区工作动态", "期号": "第12期"},
            {"采用日期": dt.date(2024, 6, 12), "单位名称": "市水利局", "信息标题": water.title,
             "采用级别": "市", "采用类型": "简报", "刊物": "格尔木政务简报", "期号": "第8期"},
        ]
        july = next(a for a in reversed(adoptions) if a.unit.short == "市交通运输局" and a.day.month == 6)
        extra.append({"采用日期": dt.date(2024, 7, 3), "单位名称": "市交通运输局", "信息标题": july.title,
                      "采用级别": "州", "采用类型": "信息", "刊物": "海西政务信息", "期号": "第37期"})
        main_columns = ["序号", "采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号", "备注"]
        extra_columns = ["单位名称", "信息标题", "采用日期", "采用类型", "采用级别", "期号", "刊物"]
        main_rows = [[i] + [r[c] for c in main_columns[1:-1]] + [None] for i, r in enumerate(main, start=1)]
        extra_rows = [[r[c] for c in extra_columns] for r in extra]
        write_workbook(self.out / "adoptions-h1.xlsx", [("采用登记", main_columns, main_rows)])
        write_workbook(self.out / "adoptions-extra.xlsx", [("采用登记", extra_columns, extra_rows)])

        book = "sheets/adoptions-extra.xlsx#采用登记"
        self.note("sheets/adoptions-h1.xlsx#采用登记", "", "extra columns 序号 and 备注; 采用级别 as 省/州/市 or "
                  "省级/州级/市级; 单位名称 as 单位名称, 表内名称, alias, with trailing ideographic space or "
                  "full-width brackets")
        self.note(book, "", "columns in another order than adoptions-h1.xlsx; holds the May-June 省 and 州 adoptions")
        n = len(extra_rows) - 5 + 1
        self.note(f"{book}!R{n + 1}", duplicate["单位名称"].strip(),
                  f"exact repeat of adoptions-h1.xlsx row R{main.index(duplicate) + 2}: counts once")
        self.note(f"{book}!R{n + 2}", "市气象局", "unit not in the registry: rejected")
        self.note(f"{book}!R{n + 3}", "东城区行委", "采用级别 区级: rejected")
        self.note(f"{book}!R{n + 4}", "市水利局", "采用类型 简报: rejected")
        self.note(f"{book}!R{n + 5}", "市交通运输局", "adopted 3 July 2024: outside the 2024-05 period")
        for i, r in enumerate(main, start=2):
            if isinstance(r["采用日期"], str):
                self.note(f"sheets/adoptions-h1.xlsx#采用登记!R{i}", r["单位名称"].strip(),
                          f"采用日期 written as text {r['采用日期']}")
            if "（" in r["单位名称"] or "\u3000" in r["单位名称"] or r["单位名称"].startswith(" "):
                self.note(f"sheets/adoptions-h1.xlsx#采用登记!R{i}", r["单位名称"].strip(),
                          f"单位名称 written {r['单位名称']!r}")

    # -- commissions --------------------------------------------------------------------------
    def commissions(self) -> None:
        source = {4: "2024年3月通知", 5: "2024年5月通知", 6: "2024年5月通知"}
        rows = [[n, topic, units, due, source.get(due.month, "2024年7月10日通知")]
                for n, topic, units, due in COMMISSIONS]
        write_workbook(self.out / "commissions.xlsx", [("约稿", ["编号", "主题", "责任单位", "截止日期", "来源"], rows)])
        self.note("sheets/commissions.xlsx#约稿", "", "topics 1-7 (March-June, tagged 【约稿N】 in mail), 8-9 (every "
                  "unit, answered by signed paper copies with 约稿编号) and the notice's eight July-August topics "
                  "numbered 10-17; extra column 来源")

    # -- settings -------------------------------------------------------------------------------
    def settings(self) -> None:
        """考核设置: the notice's sender, addressees and contact block (scheme.md); the rules stay the defaults."""
        rows = [["发文单位", OFFICE_NAME], ["主送", "各行政委员会，市政府各局、委、办，昆仑经济技术开发区管委会，市属各企事业单位"],
                ["联系人", "都丽娜"], ["联系电话", "8411500"], ["报送邮箱", OFFICE_ADDRESS],
                ["纸质报送地址", "市政府办公室外事工作科A319室"]]
        write_workbook(self.out / "settings.xlsx", [("考核设置", ["项目", "值", "生效日期"], rows)])
        self.note("sheets/settings.xlsx#考核设置", "", "the notice's 发文单位, 主送 and contact block; no rule changed")
