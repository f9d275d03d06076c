"""Running the dbt project (dbt build, then dbt docs generate) for one period against a warehouse.

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

# dbt build, then (when it succeeded) the static docs site of what was built, its catalog read from the target
_BUILD_AND_DOCS = ("import sys; from dbt.cli.main import dbtRunner; run = dbtRunner().invoke; options = sys.argv[1:]; "
                   "sys.exit(0 if run(['build', *options]).success "
                   "and run(['docs', 'generate', '--static', '--no-compile', *options]).success else 1)")
# the docs site as published (name → file dbt docs generate wrote): index.html has the rest built in, works offline
DOCS_FILES = {"index.html": "static_index.html", "manifest.json": "manifest.json", "catalog.json": "catalog.json"}


class TransformError(RuntimeError):
    """dbt build failed; the message carries dbt's own account of what failed."""


def _state(warehouse: Path) -> Path:
    """dbt's target/ and logs/ for this warehouse: named after it, so warehouses in one folder stay apart."""
    warehouse = Path(warehouse).resolve()
    return warehouse.with_name(f"{warehouse.stem}.dbt-state")


def dbt_command(warehouse: Path, *options: str, target: str = "duckdb") -> tuple[list[str], dict[str, str]]:
    """The dbt build-and-docs command line and environment for this warehouse (dbt state beside the file, named after it)."""
    warehouse = Path(warehouse).resolve()
    state = _state(warehouse)
    # -P: the working directory stays off sys.path, so a checkout's dbt/ folder never joins the dbt package's path
    args = [sys.executable, "-P", "-c", _BUILD_AND_DOCS, "--project-dir", str(DBT_PROJECT),
            "--profiles-dir", str(DBT_PROJECT), "--target-path", str(state / "target"),
            "--log-path", str(state / "logs"), "--no-use-colors", "--target", target, *options]
    # no usage reports to dbt Labs (and no .user.yml written into an installed project folder) unless asked for
    return args, {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **os.environ, "GOVINFO_WAREHOUSE": str(warehouse),
                  "PYTHONUNBUFFERED": "1"}


def docs_site(warehouse: Path) -> dict[str, Path]:
    """The docs site of the last build: published file name → the file dbt wrote."""
    target = _state(warehouse) / "target"
    return {name: target / written for name, written in DOCS_FILES.items()}


def dbt_build(warehouse: Path, period_id: str, progress: Callable[[str], None] = lambda _: None,
              target: str = "duckdb") -> None:
    args, env = dbt_command(warehouse, "--vars", json.dumps({"period": period_id}), target=target)
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
