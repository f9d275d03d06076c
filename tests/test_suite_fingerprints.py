"""A suite's outcomes reused only for the same frame under the same checks (expectations/gx_run.py): real Great
Expectations runs on small frames, and the validate step twice on a real DuckDB file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd
from builders import RULES, write_workbook

from expectations.gx_run import SuiteRunner, fingerprint
from expectations.validate_inputs import FINGERPRINTS, validate_inputs
from ingestion.ingest import ingest

LINEAGE = ("source_file", "row_number")
REPO = Path(__file__).resolve().parents[1]


def _frame(values) -> pd.DataFrame:
    return pd.DataFrame({"source_file": ["a.xlsx"] * len(values), "row_number": range(2, len(values) + 2),
                         "tier": values}, dtype=object)


def _checks(value_set=("A", "B")) -> list:
    return [gx.expectations.ExpectColumnValuesToNotBeNull(column="tier"),
            gx.expectations.ExpectColumnValuesToBeInSet(column="tier", value_set=list(value_set))]


def described(expectations: list) -> list[dict]:
    """Built expectations as data (their configurations), as the runner's checks."""
    return [e.configuration.to_json_dict() for e in expectations]


def _run(runner: SuiteRunner, frame: pd.DataFrame, expectations: list):
    return runner.run("tiers", frame, lambda: expectations, LINEAGE, described(expectations))


def test_the_same_frame_and_checks_reuse_the_outcomes_without_running():
    first = SuiteRunner("t")
    ran = _run(first, _frame(["A", "C", None]), _checks())
    assert [o.failed_positions for o in ran] == [[2], [1]]
    key, kept = first.fingerprints["tiers"]
    again = SuiteRunner("t", {key: kept})
    assert _run(again, _frame(["A", "C", None]).copy(), _checks()) == ran
    assert again.source is None   # no Data Context was made: nothing ran


def test_any_change_of_data_types_or_checks_runs_the_suite_again():
    base = fingerprint("tiers", _frame(["A", "1"]), described(_checks()), LINEAGE)
    assert fingerprint("tiers", _frame(["A", "1"]), described(_checks()), LINEAGE) == base
    assert fingerprint("tiers", _frame(["A", "2"]), described(_checks()), LINEAGE) != base          # a value
    assert fingerprint("tiers", _frame(["A", 1]), described(_checks()), LINEAGE) != base            # its type only
    assert fingerprint("tiers", _frame(["A", "1", "A"]), described(_checks()), LINEAGE) != base     # a row more
    assert fingerprint("tiers", _frame(["A", "1"]), _checks(("A", "1")), LINEAGE) != base  # the value set
    assert fingerprint("tiers", _frame(["A", "1"]), described(_checks()), ("source_file",)) != base   # the lineage
    first = SuiteRunner("t")
    _run(first, _frame(["A", "1"]), _checks())
    changed = SuiteRunner("t", {key: kept for key, kept in first.fingerprints.values()})
    assert [o.success for o in _run(changed, _frame(["A", "1"]), _checks(("A", "1")))] == [True, True]
    assert changed.source is not None


def test_validating_unchanged_inputs_again_writes_the_same_tables(tmp_path):
    write_workbook(tmp_path / "inputs" / "sheets" / "registry.xlsx", {
        "单位名册": [["单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "启用日期", "停用日期"],
                  ["格尔木市甲局", "市甲局", None, "jia@example.org", "A", None, None],
                  [None, "无名", None, None, "C", None, None]], **RULES})
    warehouse = tmp_path / "w.duckdb"
    ingest(tmp_path / "inputs", warehouse, progress=lambda _: None)

    def tables():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return [con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall()
                    for t in ("row_rejections", "validation_results")], \
                con.execute(f"SELECT suite, fingerprint FROM {FINGERPRINTS} ORDER BY ALL").fetchall()

    first = validate_inputs(warehouse)
    written, keys = tables()
    assert first.rejected and len(keys) == len({suite for suite, _ in keys}) > 1
    second = validate_inputs(warehouse)
    assert (second.rejected, second.results) == (first.rejected, first.results)
    assert tables() == (written, keys)


def _validate_in_a_new_process(warehouse) -> str:
    """validate_inputs in a fresh interpreter: its outcome, and whether Great Expectations was imported."""
    probe = ("import sys; from pathlib import Path; from expectations.validate_inputs import validate_inputs; "
             "v = validate_inputs(Path(sys.argv[1])); "
             "print(sorted(v.rejected.items()), 'great_expectations' in sys.modules)")
    return subprocess.run([sys.executable, "-c", probe, str(warehouse)], capture_output=True, text=True, check=True,
                          cwd=REPO).stdout.strip()


def test_great_expectations_is_imported_only_for_a_suite_that_has_to_run(tmp_path):
    """An Airflow validate task or a backfill on unchanged inputs pays no Great Expectations import (seconds,
    ~300 MB); a changed register row runs its suite (and imports it) again."""
    registry = tmp_path / "inputs" / "sheets" / "registry.xlsx"
    units = [["单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "启用日期", "停用日期"],
             ["格尔木市甲局", "市甲局", None, "jia@example.org", "A", None, None]]
    write_workbook(registry, {"单位名册": units, **RULES})
    warehouse = tmp_path / "w.duckdb"
    ingest(tmp_path / "inputs", warehouse, progress=lambda _: None)
    assert _validate_in_a_new_process(warehouse) == "[] True"
    assert _validate_in_a_new_process(warehouse) == "[] False"
    write_workbook(registry, {"单位名册": units + [[None, "无名", None, None, "C", None, None]], **RULES})
    ingest(tmp_path / "inputs", warehouse, progress=lambda _: None)
    again = _validate_in_a_new_process(warehouse)
    assert again.endswith("True") and again != "[] True"   # the new row, without 单位名称, is rejected


def test_the_validate_steps_child_answers_as_the_step_does_here(tmp_path):
    """govinfo run validates in a child started ahead (govinfo/pipeline.py): the same outcome, the same refusal."""
    from govinfo.config import Paths
    from govinfo.ahead import start_validate
    from govinfo.pipeline import validate_step
    from ingestion.errors import InputError

    units = [["单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "启用日期", "停用日期"],
             ["格尔木市甲局", "市甲局", None, "jia@example.org", "A", None, None], [None, "无名", None, None, "C", None, None]]
    answers = []
    for name, points in (("good", RULES["积分标准"]), ("no-报送", [r for r in RULES["积分标准"] if r[0] != "报送"])):
        write_workbook(tmp_path / name / "sheets" / "registry.xlsx", {**RULES, "单位名册": units, "积分标准": points})
        paths = Paths.resolve(tmp_path / name, tmp_path / f"{name}.duckdb", tmp_path / "publish")
        ingest(paths.inputs, paths.warehouse, progress=lambda _: None)
        for started in (start_validate(), None):
            try:
                answers.append(validate_step(paths, started=started))
            except InputError as exc:
                answers.append(str(exc))
    good_child, good_here, refused_child, refused_here = answers
    assert good_child == good_here and good_here.rejected
    assert refused_child == refused_here and "报送" in refused_here


def test_the_validate_child_without_sqlalchemy_finds_what_great_expectations_finds_here(tmp_path):
    """The validate step's child keeps SQLAlchemy out (expectations/validate_child.py), so Great Expectations loads
    without its SQL support: on the sample, from scratch, it rejects the same rows for the same reasons as GX
    with SQLAlchemy in this process."""
    from govinfo.ahead import start_validate
    from govinfo.config import SAMPLE_INPUTS, Paths
    from govinfo.pipeline import validate_step

    outcomes, rejected = [], []
    for name, started in (("child", start_validate()), ("here", None)):
        paths = Paths.resolve(SAMPLE_INPUTS, tmp_path / f"{name}.duckdb", tmp_path / "publish")
        ingest(paths.inputs, paths.warehouse, progress=lambda _: None)
        outcomes.append(validate_step(paths, started=started))
        with duckdb.connect(str(paths.warehouse), read_only=True) as con:
            rejected.append(con.execute("SELECT source_file, sheet, row_number, message_id, reason, detail, expectation "
                                        "FROM raw.row_rejections ORDER BY ALL").fetchall())
    assert "sqlalchemy" in sys.modules   # here: GX with its SQL support
    assert outcomes[0] == outcomes[1] and outcomes[0].rejected and outcomes[0].results
    assert rejected[0] == rejected[1] and rejected[0]
