"""A build leaves out the staging and intermediate models whose input tables hold the rows of the last build
(govinfo/unchanged_nodes.py), and still publishes what a whole build publishes."""
from __future__ import annotations

import duckdb
import pytest
from builders import message, registry, write_eml, write_workbook

from govinfo.config import Paths
from govinfo.pipeline import run_period

pytestmark = pytest.mark.pipeline

PUBLISHED = ("annex.csv", "rejected.csv", "not_counted.csv", "points.csv")


def _built(lines: list[str], model: str) -> bool:
    return any(f" START sql replaced model {model} " in line for line in lines)


def _intermediate(warehouse) -> dict[str, list]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = "
                                            "'intermediate' ORDER BY 1").fetchall()]
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM intermediate."{t}"').fetchall())) for t in tables}


def test_new_mail_rebuilds_what_the_mail_feeds_and_publishes_what_a_whole_build_does(small_copy, tmp_path):
    paths = small_copy
    write_eml(paths.inputs / "mail", "e.eml", message(sender="yi@example.org", subject="乙局工作动态",
                                                      attachments=[("乙局工作动态.docx", b"d")]))
    lines: list[str] = []
    run_period(paths, "2024-05", progress=lines.append)
    assert any("left as the last build made them" in line for line in lines), lines
    assert _built(lines, "staging.stg_mail_messages") and _built(lines, "intermediate.int_messages")
    assert not _built(lines, "staging.stg_units") and not _built(lines, "intermediate.int_units")

    # the same inputs built whole, in a new warehouse: the same intermediate rows and the same published files
    whole = Paths.resolve(paths.inputs, tmp_path / "whole" / "govinfo.duckdb", tmp_path / "whole-publish")
    run_period(whole, "2024-05", progress=lambda _: None)
    assert _intermediate(paths.warehouse) == _intermediate(whole.warehouse)
    for name in PUBLISHED:
        assert (paths.publish_dir / "2024-05" / name).read_bytes() == \
            (whole.publish_dir / "2024-05" / name).read_bytes(), name


def test_a_changed_register_a_dropped_table_and_another_period_are_built(small_copy):
    paths = small_copy
    # 乙局 gets another address: the registry's tables change; a table dropped outside dbt comes back
    write_workbook(paths.inputs / "sheets" / "registry.xlsx", registry([
        ["格尔木市甲局", "市甲局", "甲局、甲", "jia@example.org", "A"],
        ["格尔木市乙局", "市乙局", "乙局", "yi@example.org; yi3@example.org", None],
    ]))
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute("DROP TABLE intermediate.int_scheme_spellings")   # it reads no unit and no mail
    lines: list[str] = []
    run_period(paths, "2024-05", progress=lines.append)
    assert _built(lines, "staging.stg_units") and _built(lines, "intermediate.int_units")
    assert _built(lines, "intermediate.int_scheme_spellings")
    # what reads neither the units nor a dropped table is left as it was
    assert not _built(lines, "staging.stg_mail_messages") and not _built(lines, "staging.stg_scheme_spellings")

    # another period: everything is built (the period is in the models' SQL)
    lines.clear()
    run_period(paths, "2024-03", progress=lines.append, allow_empty=True)
    assert not any("left as the last build made them" in line for line in lines)
    assert _built(lines, "staging.stg_mail_messages") and _built(lines, "intermediate.int_scheme_spellings")
