"""The value sets the input suites check against (expectations/rules.py, expectations/scheme.py), from
small frames: which unit names resolve, how levels and kinds may be written, which pairs are priced."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from expectations.rules import load_rules, unit_names
from expectations.scheme import build_scheme


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    """As validate_inputs hands frames on: objects, None for NULL (never NaN)."""
    return frame.astype(object).where(frame.notna(), None)


def _units(*rows, later=()) -> pd.DataFrame:
    frame = _prepared(pd.DataFrame(rows, columns=["unit_name", "short_name", "aliases"]))
    frame["later_copy"] = [i in later for i in range(len(rows))]
    return frame


def test_each_name_resolves_to_one_unit_by_its_strongest_claim():
    names = unit_names(_units(["格尔木市甲局", "市甲局", "甲局、甲；共用"],
                              ["格尔木市乙局", "市乙局", "乙局,共用"],
                              ["格尔木市丙局", "甲", None]))
    assert {"格尔木市甲局", "市甲局", "甲局", "格尔木市乙局", "市乙局", "乙局", "格尔木市丙局"} <= names
    assert "甲" in names          # 丙局's 表内名称 outranks 甲局's 别名: resolves to one unit
    assert "共用" not in names    # an alias two units share names nobody


def test_later_copies_and_empty_names_claim_nothing():
    names = unit_names(_units(["格尔木市甲局", "市甲局", None], ["格尔木市丁局", "市丁局", "丁"], [None, "无名", None],
                              later=(1,)))
    assert names == frozenset({"格尔木市甲局", "市甲局"})
    assert unit_names(_units()) == frozenset()


def test_nfkc_keys_are_what_is_compared():
    assert "ABC公司" in unit_names(_units(["ＡＢＣ公司", None, None]))


def test_default_levels_and_kinds_with_their_spellings():
    rules = load_rules({"sheet_units": _units(["格尔木市甲局", "市甲局", None]),
                        "sheet_quotas": _prepared(pd.DataFrame({"tier": ["a", " B ", None]})),
                        "sheet_points": _prepared(pd.DataFrame({"item": ["信息", "动态", "信息"], "level": ["省", "市级", "州"],
                                                      "publication": [None, None, "青海政务信息"],
                                                      "effective_from": [None, dt.date(2024, 6, 1), None]}))},
                       build_scheme({}))
    assert rules.tiers == frozenset({"A", "B"})
    assert rules.levels == frozenset({"省", "省级", "州", "州级", "市", "市级"})
    assert rules.types == frozenset({"信息", "动态"})
    info, brief = (rules.scheme.spelling("kind")[k] for k in ("信息", "动态"))
    province, prefecture, city = (rules.scheme.spelling("level")[k] for k in ("省", "州", "市"))
    assert rules.has_points(info, province, dt.date(2024, 5, 1)) is True
    assert rules.has_points(info, prefecture, dt.date(2024, 5, 1)) is False   # priced for one 刊物 only
    assert rules.has_points(brief, city, dt.date(2024, 5, 31)) is False       # not yet in force
    assert rules.has_points(brief, city, dt.date(2024, 6, 1)) is True
    assert rules.has_points(None, city, None) is None
