"""Running the dbt project (dbt build) for one period against a warehouse file.

dbt runs in a child process: dbt-duckdb keeps its DuckDB connection open for the life of the
process, and DuckDB allows one writer, so an in-process build would lock the file until exit.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Callable

from .config import DBT_PROJECT

_DBT = "from dbt.cli.main import cli; cli()"


class TransformError(RuntimeError):
    """dbt build failed; the message carries dbt's own account of what failed."""


def dbt_command(warehouse: Path, command: str, *extra: str) -> tuple[list[str], dict[str, str]]:
    """The dbt command line and environment for this warehouse (dbt state kept beside the file)."""
    warehouse = Path(warehouse).resolve()
    state = warehouse.parent / "dbt-state"
    args = [sys.executable, "-c", _DBT, command, "--project-dir", str(DBT_PROJECT),
            "--profiles-dir", str(DBT_PROJECT), "--target-path", str(state / "target"),
            "--log-path", str(state / "logs"), "--no-use-colors", *extra]
    return args, {**os.environ, "GOVINFO_WAREHOUSE": str(warehouse), "PYTHONUNBUFFERED": "1"}


def dbt_build(warehouse: Path, period_id: str, progress: Callable[[str], None] = lambda _: None) -> None:
    args, env = dbt_command(warehouse, "build", "--vars", json.dumps({"period": period_id}))
    tail: deque[str] = deque(maxlen=60)
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          encoding="utf-8", errors="replace") as proc:
        for line in proc.stdout:
            line = line.rstrip()
            tail.append(line)
            progress(f"dbt: {line}")
    if proc.returncode != 0:
        lines = list(tail)
        # dbt ends with its own account of the failures, from "Completed with …" on
        start = next((i for i, l in enumerate(lines) if "Completed with" in l), max(len(lines) - 15, 0))
        raise TransformError(f"dbt build for {period_id} failed (exit {proc.returncode}):\n  "
                             + "\n  ".join(lines[start:]))
