"""The register sheets of the contract: sheet name, Chinese headers, and the raw table each lands in."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = True
    is_date: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    table: str
    columns: tuple[Column, ...]
    required_sheet: bool = False


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("单位名册", "sheet_units", (
        Column("单位名称", "unit_name"), Column("表内名称", "short_name"), Column("别名", "aliases"),
        Column("报送邮箱", "emails"), Column("考核类别", "tier"),
    ), required_sheet=True),
    SheetSpec("考核标准", "sheet_quotas", (
        Column("考核类别", "tier"), Column("每月最少报送", "min_submissions"), Column("每月最少采用", "min_adoptions"),
    ), required_sheet=True),
    SheetSpec("积分标准", "sheet_points", (
        Column("项目", "item"), Column("级别", "level"), Column("分值", "points"),
    ), required_sheet=True),
    SheetSpec("采用登记", "sheet_adoptions", (
        Column("采用日期", "adopted_on", is_date=True), Column("单位名称", "unit_name"), Column("信息标题", "title"),
        Column("采用级别", "level"), Column("采用类型", "adoption_type"),
        Column("刊物", "publication", required=False), Column("期号", "issue_no", required=False),
    )),
    SheetSpec("纸质报送", "sheet_paper", (
        Column("报送日期", "submitted_on", is_date=True), Column("单位名称", "unit_name"), Column("信息标题", "title"),
    )),
    SheetSpec("审核登记", "sheet_reviews", (
        Column("单位名称", "unit_name"), Column("信息标题", "title"), Column("是否计入", "counted"),
        Column("原因", "reason", required=False),
    )),
    SheetSpec("考核调整", "sheet_overrides", (
        Column("期间", "period_id"), Column("单位名称", "unit_name"), Column("结论", "verdict"),
        Column("原因", "reason", required=False),
    )),
    SheetSpec("约稿", "sheet_commissions", (
        Column("编号", "commission_no"), Column("主题", "topic"), Column("责任单位", "units"),
        Column("截止日期", "due_on", is_date=True),
    )),
)

BY_NAME = {spec.name: spec for spec in SHEETS}
