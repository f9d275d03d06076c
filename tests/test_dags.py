"""DAG files: each imports cleanly, quickly and without cycles; the monthly timetable; dag.test() for 2024-05."""
from __future__ import annotations

import json
import os
import runpy
import sqlite3
import subprocess
import sys
import time
from types import SimpleNamespace

import pendulum
import pytest
from airflow_home import DAGS, SPEC_ANNEX, airflow, airflow_env, read_annex

from govinfo.config import SAMPLE_INPUTS

pytestmark = [pytest.mark.pipeline, pytest.mark.server]

BIMONTHLY = DAGS / "govinfo_bimonthly.py"
TZ = "Asia/Shanghai"
HEAVY = ("govinfo", "ingestion", "expectations", "duckdb", "dbt", "great_expectations", "pandas")


@pytest.fixture(scope="module")
def bag():
    from airflow.dag_processing.dagbag import DagBag

    with pytest.MonkeyPatch.context() as env:
        env.delenv("GOVINFO_START_DATE", raising=False)
        return DagBag(dag_folder=DAGS, safe_mode=False)  # safe_mode=False: every .py file, not only likely ones


def test_every_dag_file_imports_without_errors_or_cycles(bag, capsys):
    with capsys.disabled():
        print("".join(f"\n  parsed {stat.file} in {stat.duration.total_seconds() * 1000:.1f} ms: {stat.dags}"
                      for stat in bag.dagbag_stats))
    assert bag.import_errors == {}
    assert {path.name for path in DAGS.glob("*.py")} == {stat.file for stat in bag.dagbag_stats}
    for dag in bag.dags.values():
        dag.check_cycle()
    # a loose bound: the dag-processor parses these files again and again
    assert all(stat.duration.total_seconds() < 2 for stat in bag.dagbag_stats)


@pytest.mark.parametrize("path", sorted(DAGS.glob("*.py")), ids=lambda p: p.name)
def test_dag_files_import_nothing_heavy_at_parse_time(path):
    code = (f"import runpy, sys, json; runpy.run_path({str(path)!r}); "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_scheduled_dag_runs_its_steps_in_order_with_retries(bag):
    dag = bag.dags["govinfo_bimonthly"]
    assert [t.task_id for t in dag.topological_sort()] == [
        "ingest", "validate", "period", "dbt_build", "serve", "publish"]
    assert (dag.catchup, dag.max_active_runs) == (True, 1)
    assert dag.start_date == pendulum.datetime(2024, 1, 1, tz=TZ)
    for task in dag.tasks:
        assert (task.retries, task.retry_exponential_backoff) == (3, 2.0)


def test_no_task_needs_a_pool_that_a_fresh_airflow_lacks(bag):
    """A task whose pool does not exist stays `scheduled` forever without an error: every task stays in the
    pool every Airflow has, and the warehouse lock (below) keeps the steps apart."""
    from airflow.models.pool import Pool

    pools = {(dag_id, task.task_id): task.pool for dag_id, dag in bag.dags.items() for task in dag.tasks}
    assert ("govinfo_bimonthly", "dbt_build") in pools
    assert {task for task, pool in pools.items() if pool != Pool.DEFAULT_POOL_NAME} == set(), pools


def test_two_steps_never_use_the_warehouse_at_once(monkeypatch, tmp_path):
    """Each step runs under the warehouse lock; one that finds it held fails, once the wait is over, with the
    sentence naming the holder, and stays a passing failure that Airflow retries (not AirflowFailException)."""
    from govinfo import run_lock
    from govinfo.run_lock import WarehouseBusy, warehouse_lock

    warehouse = tmp_path / "wh" / "g.duckdb"
    monkeypatch.setenv("GOVINFO_WAREHOUSE", str(warehouse))
    run_step = runpy.run_path(str(BIMONTHLY))["_run_step"]

    def dbt_step():  # while a task's step runs, a `govinfo run` from a shell cannot take the warehouse
        with pytest.raises(WarehouseBusy, match=r"is in use by pid \d+, `airflow task dbt_step`, started 20"):
            with warehouse_lock(warehouse, "govinfo run --period 2024-05", wait=0):
                pass
        return "built"

    assert run_step(dbt_step) == "built"
    # the task's wait (5 minutes) passes at once on this clock: each reading is 301 s after the last
    clock = iter(range(0, 10**6, 301))
    monkeypatch.setattr(run_lock, "time", SimpleNamespace(monotonic=lambda: next(clock), sleep=lambda _: None))
    ran = []
    with warehouse_lock(warehouse, "govinfo run --period 2024-03"):
        with pytest.raises(WarehouseBusy) as busy:
            run_step(ran.append, "publish")
    assert str(busy.value).startswith(f"{warehouse} is in use by pid {os.getpid()}, `govinfo run --period 2024-03`, "
                                      "started 20"), busy.value
    assert "Airflow retries this task" in str(busy.value) and "--wait" not in str(busy.value)  # no CLI advice
    assert ran == []


def test_start_date_comes_from_the_environment(monkeypatch):
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv("GOVINFO_START_DATE", "2025-03-01")
    dag = DagBag(dag_folder=BIMONTHLY, safe_mode=False).dags["govinfo_bimonthly"]
    assert dag.start_date == pendulum.datetime(2025, 3, 1, tz=TZ)


def test_timetable_runs_after_each_month_of_2024_with_shanghai_boundaries(bag):
    """Every month ends a period under 月 and some month under every other 考核周期: the DAG asks after each
    (the `period` task; which months publish under each form is tested in test_periods.py)."""
    from airflow.serialization.encoders import coerce_to_core_timetable
    from airflow.timetables.base import TimeRestriction

    dag = bag.dags["govinfo_bimonthly"]
    timetable = coerce_to_core_timetable(dag.timetable)  # the scheduler's side of the SDK timetable
    restriction = TimeRestriction(earliest=dag.start_date, latest=pendulum.datetime(2024, 12, 31, tz=TZ), catchup=True)
    infos, info = [], None
    while info := timetable.next_dagrun_info(last_automated_data_interval=info and info.data_interval,
                                             restriction=restriction):
        infos.append(info)
    starts = [pendulum.datetime(2024, month, 1, tz=TZ) for month in range(1, 13)]
    ends = starts[1:] + [pendulum.datetime(2025, 1, 1, tz=TZ)]
    assert [(i.data_interval.start, i.data_interval.end) for i in infos] == list(zip(starts, ends))
    assert [i.run_after for i in infos] == ends  # a month is asked about once it is over
    june = infos[5].data_interval
    assert (june.start.isoformat(), june.end.isoformat()) == ("2024-05-31T16:00:00+00:00", "2024-06-30T16:00:00+00:00")
    month = runpy.run_path(str(BIMONTHLY))["_month"]
    assert [month(i.data_interval.start).isoformat() for i in infos] == [f"2024-{m:02}-01" for m in range(1, 13)]


# dag.test() makes real rows in the metadata DB: it runs in a child process on a throwaway home
_DAG_TEST = f"""
import sys
import pendulum
from airflow.dag_processing.dagbag import DagBag

dag = DagBag(dag_folder={str(BIMONTHLY)!r}, safe_mode=False).dags["govinfo_bimonthly"]
# a manual run's interval is the last whole one before its logical date: 2024-07-01 gives June, which ends May-June
run = dag.test(logical_date=pendulum.datetime(*map(int, sys.argv[1:]), tz="{TZ}"))
print("RESULT", run.state, run.data_interval_start.isoformat())
"""


def test_dag_test_of_may_june_2024_publishes_the_notice_annex(tmp_path, capsys):
    assert SAMPLE_INPUTS.is_dir(), f"the bundled sample {SAMPLE_INPUTS} is missing (make sample)"
    publish = tmp_path / "publish"
    env = airflow_env(tmp_path / "airflow", inputs=SAMPLE_INPUTS, warehouse=tmp_path / "wh" / "govinfo.duckdb",
                      publish_dir=publish)
    airflow(env, "db", "migrate")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _DAG_TEST, "2024", "7", "1"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    with capsys.disabled():
        print(f"\n  dag.test() for 2024-05: {time.perf_counter() - started:.1f}s")
    result = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    assert result == ["RESULT success 2024-05-31T16:00:00+00:00"], done.stdout[-3000:] + done.stderr[-3000:]
    assert read_annex(publish / "2024-05" / "annex.csv") == read_annex(SPEC_ANNEX)
    # each task of the period carries its id as the label the UI shows (the rendered map index)
    with sqlite3.connect(tmp_path / "airflow" / "airflow.db") as db:
        labels = dict(db.execute("SELECT task_id, rendered_map_index FROM task_instance").fetchall())
    assert {task: labels.get(task) for task in ("period", "dbt_build", "serve", "publish")} == dict.fromkeys(
        ("period", "dbt_build", "serve", "publish"), "2024-05"), labels
    # the task logs carry the period's summary, not Great Expectations' registration chatter
    assert "units: 合格" in done.stdout + done.stderr
    chatter = [line for line in (done.stdout + done.stderr).splitlines() if "great_expectations" in line]
    with capsys.disabled():
        print(f"  lines from great_expectations' loggers: {len(chatter)}")
    assert not [line for line in chatter if "registering" in line], chatter[:5]


def test_a_catch_up_over_a_period_without_messages_fails_loudly(tmp_path):
    env = airflow_env(tmp_path / "airflow", inputs=SAMPLE_INPUTS, warehouse=tmp_path / "wh" / "govinfo.duckdb",
                      publish_dir=tmp_path / "publish")
    airflow(env, "db", "migrate")
    # August 2024 ends July-August, of which the sample has no message
    done = subprocess.run([sys.executable, "-c", _DAG_TEST, "2024", "9", "1"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    result = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    assert result == ["RESULT failed 2024-07-31T16:00:00+00:00"], done.stdout[-3000:] + done.stderr[-3000:]
    assert "is dated in period 2024-07 (2024-07-01 – 2024-08-31), so its annex would be all zeros" in (
        done.stdout + done.stderr)
    assert not (tmp_path / "publish" / "2024-07").exists()


@pytest.mark.parametrize("error", ["InputError", "TransformError", "MartValidationError", "PublishError"])
def test_a_deterministic_failure_fails_the_task_without_retries(error, monkeypatch, tmp_path):
    from airflow.sdk.exceptions import AirflowFailException

    from expectations.mart_suites import MartValidationError
    from govinfo.publish import PublishError
    from govinfo.transform import TransformError
    from ingestion.errors import InputError

    monkeypatch.setenv("GOVINFO_WAREHOUSE", str(tmp_path / "g.duckdb"))
    kind = {e.__name__: e for e in (InputError, TransformError, MartValidationError, PublishError)}[error]

    def step():
        raise kind("what went wrong")

    run_step = runpy.run_path(str(BIMONTHLY))["_run_step"]
    with pytest.raises(AirflowFailException, match="what went wrong"):
        run_step(step)
    with pytest.raises(OSError):  # a passing cause stays itself: Airflow retries it
        run_step(lambda: open(tmp_path / "nowhere" / "x"))


def test_a_structural_input_error_fails_the_task_without_retries(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVINFO_WAREHOUSE", str(tmp_path / "g.duckdb"))
    from airflow.sdk.exceptions import AirflowFailException

    from ingestion.errors import InputError

    def step():
        raise InputError("no sheet 单位名册 in any workbook")

    run_step = runpy.run_path(str(BIMONTHLY))["_run_step"]
    with pytest.raises(AirflowFailException, match="no sheet 单位名册"):
        run_step(step)
    assert run_step(lambda x: x + 1, 1) == 2
