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
        Column("单位类别", "unit_group", required=False),
        Column("启用日期", "active_from", required=False, is_date=True),
        Column("停用日期", "active_to", required=False, is_date=True),
    ), required_sheet=True),
    SheetSpec("考核标准", "sheet_quotas", (
        Column("考核类别", "tier"), Column("每月最少报送", "min_submissions"), Column("每月最少采用", "min_adoptions"),
        Column("本期最少报送", "period_min_submissions", required=False),
        Column("本期最少采用", "period_min_adoptions", required=False),
        Column("本期最少积分", "period_min_points", required=False),
        Column("判定方式", "rule_mode", required=False),
        Column("生效日期", "effective_from", required=False, is_date=True),
    ), required_sheet=True),
    SheetSpec("积分标准", "sheet_points", (
        Column("项目", "item"), Column("级别", "level"), Column("分值", "points"),
        Column("刊物", "publication", required=False), Column("上限", "cap", required=False),
        Column("生效日期", "effective_from", required=False, is_date=True),
    ), required_sheet=True),
    SheetSpec("采用登记", "sheet_adoptions", (
        Column("采用日期", "adopted_on", is_date=True), Column("单位名称", "unit_name"), Column("信息标题", "title"),
        Column("采用级别", "level"), Column("采用类型", "adoption_type"),
        Column("刊物", "publication", required=False), Column("期号", "issue_no", required=False),
    )),
    SheetSpec("纸质报送", "sheet_paper", (
        Column("报送日期", "submitted_on", is_date=True), Column("单位名称", "unit_name"), Column("信息标题", "title"),
        Column("约稿编号", "commission_no", required=False),
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
        Column("发布日期", "published_on", required=False, is_date=True),
    )),
    # Part 2 of the contract (scheme.md): the office's scoring scheme and its extra registers.
    SheetSpec("考核设置", "sheet_settings", (
        Column("项目", "item"), Column("值", "value"),
        Column("生效日期", "effective_from", required=False, is_date=True),
    )),
    SheetSpec("采用级别", "sheet_levels", (
        Column("级别", "name"), Column("代码", "code"),
        Column("别名", "aliases", required=False), Column("顺序", "sort_order", required=False),
    )),
    SheetSpec("采用类型", "sheet_kinds", (
        Column("类型", "name"), Column("代码", "code"),
        Column("别名", "aliases", required=False), Column("顺序", "sort_order", required=False),
    )),
    SheetSpec("批示登记", "sheet_endorsements", (
        Column("批示日期", "endorsed_on", is_date=True), Column("单位名称", "unit_name"), Column("信息标题", "title"),
        Column("批示级别", "level"), Column("批示领导", "leader", required=False),
    )),
    SheetSpec("加减分登记", "sheet_adjustments", (
        Column("日期", "adjusted_on", is_date=True), Column("单位名称", "unit_name"), Column("事项", "item"),
        Column("分值", "points"), Column("说明", "note", required=False),
    )),
)

BY_NAME = {spec.name: spec for spec in SHEETS}
