"""Running the dbt project (dbt build, then dbt docs generate when the docs changed) for one period against a warehouse.

dbt runs in a child process: dbt-duckdb keeps its DuckDB connection open for the life of the
process, and DuckDB allows one writer, so an in-process build would lock the file until exit.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import deque
from importlib import metadata
from pathlib import Path
from typing import Callable

import duckdb

from .config import DBT_PROJECT

# dbt build, then (when asked and the build succeeded) the static docs site of what was built, its catalog read
# from the target; argv: "docs" or "no-docs", then dbt's options
_BUILD_AND_DOCS = ("import sys; from dbt.cli.main import dbtRunner; run = dbtRunner().invoke; "
                   "docs, options = sys.argv[1] == 'docs', sys.argv[2:]; "
                   "sys.exit(0 if run(['build', *options]).success and (not docs or "
                   "run(['docs', 'generate', '--static', '--no-compile', *options]).success) else 1)")
# the docs site as published (name → file dbt docs generate wrote): index.html has the rest built in, works offline
DOCS_FILES = {"index.html": "static_index.html", "manifest.json": "manifest.json", "catalog.json": "catalog.json"}
_DOCS_KEY = "docs.key"


def _die_with_parent() -> None:
    """In the dbt child, before it starts: a run killed with -9 takes its dbt build (and its hold on the
    warehouse file) with it, instead of leaving a writer behind that the next run would trip over."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


class TransformError(RuntimeError):
    """dbt build failed; the message names the failed models and tests, in one line."""


_FAILED_NODE = re.compile(r"(?:Failure|Error) in (?:test|model|seed|snapshot|unit_test|source) \S+")


def _state(warehouse: Path) -> Path:
    """dbt's target/ and logs/ for this warehouse: named after it, so warehouses in one folder stay apart."""
    warehouse = Path(warehouse).resolve()
    return warehouse.with_name(f"{warehouse.stem}.dbt-state")


def dbt_command(warehouse: Path, *options: str, target: str = "duckdb",
                docs: bool = True) -> tuple[list[str], dict[str, str]]:
    """The dbt build(-and-docs) command line and environment for this warehouse (dbt state beside the file, named
    after it)."""
    warehouse = Path(warehouse).resolve()
    state = _state(warehouse)
    # -P: the working directory stays off sys.path, so a checkout's dbt/ folder never joins the dbt package's path
    args = [sys.executable, "-P", "-c", _BUILD_AND_DOCS, "docs" if docs else "no-docs", "--project-dir", str(DBT_PROJECT),
            "--profiles-dir", str(DBT_PROJECT), "--target-path", str(state / "target"),
            "--log-path", str(state / "logs"), "--no-use-colors", "--target", target, *options]
    # no usage reports to dbt Labs (and no .user.yml written into an installed project folder) unless asked for
    return args, {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **os.environ, "GOVINFO_WAREHOUSE": str(warehouse),
                  "PYTHONUNBUFFERED": "1"}


def docs_site(warehouse: Path) -> dict[str, Path]:
    """The docs site of the last build: published file name → the file kept for it."""
    docs = _state(warehouse) / "docs"
    return {name: docs / name for name in DOCS_FILES}


def _docs_key(warehouse: Path, period_id: str, target: str) -> str | None:
    """What the docs site is made of: the project's files, the period (compiled SQL), dbt's version and every
    column of the warehouse (the catalog). None on PostgreSQL, whose catalog is on the server: built every time."""
    if target != "duckdb" or not Path(warehouse).is_file():
        return None
    digest = hashlib.sha256(f"{period_id}\0{metadata.version('dbt-core')}\0{metadata.version('dbt-duckdb')}".encode())
    for path in sorted(p for p in DBT_PROJECT.rglob("*") if p.is_file()
                       and not p.relative_to(DBT_PROJECT).parts[0] in ("target", "logs", "dbt_packages")):
        digest.update(path.relative_to(DBT_PROJECT).as_posix().encode() + b"\0" + path.read_bytes())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute("SELECT table_schema, table_name, column_name, data_type, ordinal_position "
                              "FROM information_schema.columns ORDER BY ALL").fetchall()
    digest.update(repr(columns).encode())
    return digest.hexdigest()


def _keep_docs(warehouse: Path, key: str | None) -> None:
    """The site dbt just wrote, kept beside the state with what it was made of."""
    built, docs = _state(warehouse) / "target", _state(warehouse) / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, written in DOCS_FILES.items():
        shutil.copyfile(built / written, docs / name)
    (docs / _DOCS_KEY).write_text(key or "", encoding="utf-8")


def dbt_build(warehouse: Path, period_id: str, progress: Callable[[str], None] = lambda _: None,
              target: str = "duckdb") -> None:
    # the docs site only when what it shows changed since the last one (dbt docs generate costs a second dbt run)
    docs_key = _docs_key(warehouse, period_id, target)
    kept = _state(warehouse) / "docs" / _DOCS_KEY
    docs = docs_key is None or not kept.is_file() or kept.read_text(encoding="utf-8") != docs_key
    args, env = dbt_command(warehouse, "--vars", json.dumps({"period": period_id}), target=target, docs=docs)
    tail: deque[str] = deque(maxlen=60)
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          encoding="utf-8", errors="replace", preexec_fn=_die_with_parent) as proc:
        for line in proc.stdout:
            line = line.rstrip()
            tail.append(line)
            progress(f"dbt: {line}")
    if proc.returncode != 0:
        # dbt ends with its own account of the failures ("Failure in test …", "Error in model …"), printed above
        failed = [m[0] for m in map(_FAILED_NODE.search, tail) if m] or [l.strip() for l in tail if l.strip()][-1:]
        raise TransformError(f"dbt build for {period_id} failed: {'; '.join(dict.fromkeys(failed))} "
                             f"(dbt's account above and in {_state(warehouse) / 'logs' / 'dbt.log'})")
    if docs:
        _keep_docs(warehouse, _docs_key(warehouse, period_id, target))
