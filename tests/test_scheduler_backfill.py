"""Under a real scheduler: a backfill of 2024-03…2024-05 publishes what the CLI publishes, one run after
another, each publishing run's tasks labelled with its period id.

The DAG runs after each month; under the sample's 双月 the runs after April and June publish 2024-03 and
2024-05, the run after May between them skips its build. Three runs, two of them publishing, show everything
six would (one at a time, a skip between builds, a second period built on the first's warehouse) at half
the work: the tasks' time is each step's own, not the scheduler's (its loop picks the next task within a second).

The processes of a deployment (api-server, scheduler, dag-processor; LocalExecutor) run on a
throwaway home with a sqlite metadata DB; the backfill is created with `airflow backfill create`.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from airflow_home import BIN, SPEC_ANNEX, airflow, airflow_env, free_port, read_annex, start, stop

from govinfo.config import SAMPLE_INPUTS

pytestmark = [pytest.mark.pipeline, pytest.mark.server]

PERIODS = ("2024-03", "2024-05")
MONTHS = 3  # the runs of April, May and June
WAIT_SECONDS = 900  # three monthly runs, two of which build a period, on a shared machine


def _query(db, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as con:
        return con.execute(sql).fetchall()


def _backfill_states(db) -> list[str]:
    return [state for (state,) in _query(db, "SELECT state FROM dag_run WHERE dag_id = 'govinfo_bimonthly' "
                                             "AND run_type = 'backfill' ORDER BY logical_date")]


def _failed_tasks(db) -> list[tuple]:
    return _query(db, "SELECT run_id, task_id, state FROM task_instance WHERE dag_id = 'govinfo_bimonthly' "
                      "AND state IN ('failed', 'up_for_retry')")


def _task_errors(home) -> str:
    logs = sorted((home / "logs").glob("dag_id=govinfo_bimonthly/*/*/*.log"))
    return "\n".join(f"--- {log.relative_to(home)}\n{log.read_text(errors='replace')[-2000:]}"
                     for log in logs if '"level":"error"' in log.read_text(errors="replace"))


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _wait(what: str, done, seconds: float, procs, logs) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        dead = [log.name for proc, log in zip(procs, logs) if proc.poll() is not None]
        if dead or time.monotonic() > deadline:
            tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-2500:]}" for log in logs)
            raise AssertionError(f"{what}: {'exited: ' + ', '.join(dead) if dead else 'timed out'}\n{tails}")
        time.sleep(2)


def _env(tmp_path, port: int) -> dict[str, str]:
    env = airflow_env(tmp_path / "airflow", api_port=port, inputs=SAMPLE_INPUTS,
                      warehouse=tmp_path / "wh" / "govinfo.duckdb", publish_dir=tmp_path / "publish")
    env.update({
        # the DAG's own catch-up would queue every period since 2024: only the backfill's runs here
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
        # a backfill's runs only start when their DAG is unpaused
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        # the REST API without a login: the test reads what the UI shows
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
    })
    return env


@contextmanager
def _deployment(env: dict[str, str], port: int):
    """api-server, scheduler and dag-processor on env's home; yields (processes, their logs) for _wait."""
    home = Path(env["AIRFLOW_HOME"])
    procs, logs = [], []
    try:
        for part in ("api-server", "scheduler", "dag-processor"):
            logs.append(home / f"{part}.log")
            procs.append(start(env, logs[-1], part))
            if part == "api-server":  # task runners report to it: up before the scheduler starts any
                _wait("the api-server", lambda: _answers(f"http://127.0.0.1:{port}/api/v2/monitor/health"), 120,
                      procs, logs)
        yield procs, logs
    finally:
        stop(procs)


def _run_times(db) -> list[tuple[str, dt.datetime, dt.datetime]]:
    return [(run_id, dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)) for run_id, start, end in _query(
        db, "SELECT run_id, start_date, end_date FROM dag_run WHERE dag_id = 'govinfo_bimonthly' "
            "AND run_type = 'backfill' ORDER BY logical_date")]


def _period_labels(port: int) -> set[tuple[str, str]]:
    """(task, rendered map index) of every successful labelled task, as the REST API gives them to the UI
    (its task instance lists show this "Map Index" for unmapped tasks too)."""
    answer = _get_json(f"http://127.0.0.1:{port}/api/v2/dags/govinfo_bimonthly/dagRuns/~/taskInstances?limit=100")
    return {(ti["task_id"], ti["rendered_map_index"]) for ti in answer["task_instances"]
            if ti["state"] == "success" and ti["task_id"] in ("period", "dbt_build", "publish")}


def test_backfill_under_a_real_scheduler_publishes_what_the_cli_publishes(tmp_path, capsys):
    assert SAMPLE_INPUTS.is_dir(), f"the bundled sample {SAMPLE_INPUTS} is missing (make sample)"
    clock = time.perf_counter()
    cli = tmp_path / "cli"
    port = free_port()
    env = _env(tmp_path, port)
    home = Path(env["AIRFLOW_HOME"])
    db = home / "airflow.db"
    # the CLI publishes the same periods from a warehouse of its own meanwhile
    with open(tmp_path / "cli.log", "wb") as out:
        cli_run = subprocess.Popen(
            [str(BIN / "govinfo"), "backfill", "--from", PERIODS[0], "--to", PERIODS[-1], "--inputs", str(SAMPLE_INPUTS),
             "--warehouse", str(cli / "govinfo.duckdb"), "--publish-dir", str(cli)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        airflow(env, "db", "migrate")
        # the DAG parsed and its monthly runs created before any other process writes the sqlite DB
        # (with the scheduler running, creating them can meet "database is locked" on a busy machine)
        airflow(env, "dags", "reserialize")
        # explicit offsets: a bare date would be read as UTC midnight, not a Shanghai month boundary;
        # --max-active-runs 1: a backfill does not take the DAG's max_active_runs (docs/airflow.md)
        airflow(env, "backfill", "create", "--dag-id", "govinfo_bimonthly", "--from-date", "2024-04-01T00:00:00+08:00",
                "--to-date", "2024-06-01T00:00:00+08:00", "--max-active-runs", "1")
        with _deployment(env, port) as (procs, logs):
            assert len(_backfill_states(db)) == MONTHS
            queued = time.perf_counter()

            def settled() -> bool:  # a retry would wait minutes: here any failed try ends the wait
                return all(s in ("success", "failed") for s in _backfill_states(db)) or bool(_failed_tasks(db))

            _wait("the backfill's runs to finish", settled, WAIT_SECONDS, procs, logs)
            ran = time.perf_counter()
            labels = _period_labels(port)
        assert cli_run.wait(timeout=300) == 0, (tmp_path / "cli.log").read_text(errors="replace")[-3000:]
    finally:
        stop([cli_run])
    with capsys.disabled():
        print(f"\n  scheduler: {queued - clock:.1f}s to start and queue the backfill, {ran - queued:.1f}s for its runs, "
              f"{time.perf_counter() - clock:.1f}s with the CLI's")
    assert (_backfill_states(db), _failed_tasks(db)) == (["success"] * MONTHS, []), _task_errors(home)
    # one period after another: each run starts once the one before has ended
    runs = _run_times(db)
    overlaps = [(a[0], b[0]) for a, b in zip(runs, runs[1:]) if b[1] < a[2]]
    assert overlaps == [], runs
    # each publishing run's tasks carry its period id
    assert labels == {(task, period) for task in ("period", "dbt_build", "publish") for period in PERIODS}
    for period in PERIODS:
        airflow_annex = (tmp_path / "publish" / period / "annex.csv").read_text(encoding="utf-8")
        assert airflow_annex == (cli / period / "annex.csv").read_text(encoding="utf-8"), period
    assert read_annex(tmp_path / "publish" / "2024-05" / "annex.csv") == read_annex(SPEC_ANNEX)
    assert not list((tmp_path / "publish").glob("*/history"))  # each period was published once
