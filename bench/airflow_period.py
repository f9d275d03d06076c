"""One period of the sample under a real Airflow 3 scheduler, against `govinfo run` for the same period.

Airflow runs as a deployment does (api-server, scheduler, dag-processor, LocalExecutor) on a throwaway home
with a sqlite metadata DB, started the way tests/test_scheduler_backfill.py starts it (tests/airflow_home.py).
`airflow dags test` would run the tasks in one process, so it would not pay what a scheduled period pays: a
task process per task, each importing what its step needs.

Both sides are measured warm, on the same inputs: each first publishes 2024-05 once (its own warehouse, dbt
state and publish folder), then the period is run again and timed; the CLI once before Airflow starts and once
after it stopped, the mean of the two taken (a shared machine's load moves in between). For Airflow that is the DAG run of June
(the run after the period's last month), created with `airflow backfill create` and, for the timed run,
cleared with `airflow tasks clear`: from the clear until the run is `success`, as the metadata DB says.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from airflow_home import BIN, airflow, airflow_env, free_port, start, stop  # noqa: E402

PERIOD = "2024-05"
# the DAG's run of June 2024 (Shanghai) publishes the 双月 period May–June
RUN_MONTH = "2024-06-01T00:00:00+08:00"
WAIT_SECONDS = 600


def _run_state(db: Path) -> str | None:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as con:
        rows = con.execute("SELECT state FROM dag_run WHERE dag_id = 'govinfo_bimonthly'").fetchall()
    return rows[0][0] if len(rows) == 1 else None


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _until(what: str, done, procs: list[subprocess.Popen], logs: list[Path], every: float = 0.2) -> float:
    """Seconds until done(); raises with the processes' log tails if one exits or WAIT_SECONDS pass."""
    started = time.perf_counter()
    while not done():
        if any(p.poll() is not None for p in procs) or time.perf_counter() - started > WAIT_SECONDS:
            tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-1500:]}" for log in logs)
            raise RuntimeError(f"{what}: a process exited or it timed out\n{tails}")
        time.sleep(every)
    return time.perf_counter() - started


def _cli_run(inputs: Path, work: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(BIN / "govinfo"), "run", "--period", PERIOD, "--inputs", str(inputs),
                    "--warehouse", str(work / "govinfo.duckdb"), "--publish-dir", str(work / "publish")],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def measure(inputs: Path, work: Path) -> dict:
    """CLI warm seconds, Airflow warm seconds (the DAG run), their ratio, and the load average around each."""
    out: dict = {"period": PERIOD}
    _cli_run(inputs, work / "cli")
    load = os.getloadavg()[0]
    cli = [_cli_run(inputs, work / "cli")]
    home, port = work / "airflow", free_port()
    env = airflow_env(home, api_port=port, inputs=inputs, warehouse=work / "af" / "govinfo.duckdb",
                      publish_dir=work / "af" / "publish")
    env.update({"AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False", "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False"})
    db = home / "airflow.db"
    procs: list[subprocess.Popen] = []
    logs: list[Path] = []
    try:
        airflow(env, "db", "migrate", timeout=300)
        airflow(env, "dags", "reserialize", timeout=300)
        airflow(env, "backfill", "create", "--dag-id", "govinfo_bimonthly", "--from-date", RUN_MONTH,
                "--to-date", RUN_MONTH, "--max-active-runs", "1")
        for part in ("api-server", "scheduler", "dag-processor"):
            logs.append(home / f"{part}.log")
            procs.append(start(env, logs[-1], part))
            if part == "api-server":
                _until("the api-server", lambda: _healthy(port), procs, logs, every=1)
        out["airflow_cold_s"] = round(_until("the first run", lambda: _run_state(db) in ("success", "failed"),
                                             procs, logs), 3)
        if _run_state(db) != "success":
            raise RuntimeError("the first DAG run failed: see the task logs under " + str(home / "logs"))
        airflow(env, "tasks", "clear", "govinfo_bimonthly", "--yes")
        load = os.getloadavg()[0]
        out["airflow_warm_s"] = round(_until("the cleared run", lambda: _run_state(db) in ("success", "failed"),
                                             procs, logs), 3)
        out["airflow_load_avg_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
        if _run_state(db) != "success":
            raise RuntimeError("the cleared DAG run failed: see the task logs under " + str(home / "logs"))
    finally:
        stop(procs)
    cli.append(_cli_run(inputs, work / "cli"))   # once before Airflow and once after: the load moves meanwhile
    out["cli_warm_runs_s"] = [round(s, 3) for s in cli]
    out["cli_warm_s"] = round(sum(cli) / len(cli), 3)
    out["cli_load_avg_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    out["airflow_period_over_cli"] = round(out["airflow_warm_s"] / out["cli_warm_s"], 3)
    return out
