"""Throwaway Airflow homes for the tests: nothing touches ~/airflow or a shared metadata database.

Importing this module points this process's Airflow at a temporary home (before airflow is
imported); airflow_env() gives the environment for airflow processes started by a test.
"""
from __future__ import annotations

import atexit
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DAGS = REPO / "dags"
BIN = Path(sys.executable).parent
SPEC_ANNEX = REPO.parent / "shared" / "spec" / "annex-2024-05.csv"


def airflow_env(home: Path, *, api_port: int = 8080, **govinfo: Path) -> dict[str, str]:
    """Environment for airflow commands on a sqlite metadata DB in home; govinfo=dict(inputs=..., ...)."""
    home.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AIRFLOW", "GOVINFO_"))}
    env.update({
        # Airflow processes may start `airflow` from PATH (standalone does): the venv's must come first
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        # LocalExecutor forks `parallelism` workers; the default 32 swamps a small machine
        "AIRFLOW__CORE__PARALLELISM": "2",
        # as docker-compose.yml: the next of a run's six short tasks starts within a quarter second of the last
        "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": "0.25",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{api_port}/execution/",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(api_port),
        "PYTHONUNBUFFERED": "1",
    })
    env.update({f"GOVINFO_{name.upper()}": str(path) for name, path in govinfo.items()})
    return env


def airflow(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run one airflow CLI command to completion; fails the test with its output if it fails."""
    done = subprocess.run([str(BIN / "airflow"), *args], env=env, cwd=env["AIRFLOW_HOME"], capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"airflow {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def start(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """Start a long-running airflow command in its own process group, output to log."""
    with open(log, "wb") as out:
        return subprocess.Popen([str(BIN / "airflow"), *args], env=env, cwd=env["AIRFLOW_HOME"], stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(procs: list[subprocess.Popen], grace: float = 20) -> None:
    """SIGTERM every process group of procs and their children, SIGKILL what is left after grace seconds.

    Groups, not parents alone: a parent alone can leave the scheduler hanging, and task runners
    (with their dbt child) sit in groups of their own.
    """
    groups = set().union(*(_groups_under(proc.pid) for proc in procs)) - {os.getpgid(0)}
    for group in groups:
        _signal_group(group, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    for group in groups:
        _signal_group(group, signal.SIGKILL)
    for proc in procs:
        proc.wait()


def _groups_under(root: int) -> set[int]:
    """The process groups of root and of all its descendants, from /proc."""
    parent_and_group = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (comm)": state ppid pgrp ...
        except (OSError, IndexError):
            continue
        parent_and_group[int(stat.parent.name)] = (int(fields[1]), int(fields[2]))
    groups, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        for child, (ppid, pgrp) in parent_and_group.items():
            if ppid == pid:
                groups.add(pgrp)
                todo.append(child)
    return groups


def _signal_group(group: int, sig: int) -> None:
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_annex(path: Path) -> dict[str, dict[str, str]]:
    """annex.csv rows by unit: the notice orders ties its own way, so row order is not compared."""
    with open(path, encoding="utf-8-sig") as handle:
        return {row["unit"]: row for row in csv.DictReader(handle)}


def _use_throwaway_home() -> None:
    if "airflow" in sys.modules:  # too late to move it; the tests still only read DAG files
        return
    home = Path(tempfile.mkdtemp(prefix="govinfo-airflow-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    os.environ.update({key: value for key, value in airflow_env(home).items() if key.startswith("AIRFLOW")})


_use_throwaway_home()
