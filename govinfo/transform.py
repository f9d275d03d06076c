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

from ingestion import text

from . import unchanged_nodes
from .config import DBT_PROJECT, cache_dir

# the docs site as published (name → file dbt docs generate wrote): index.html has the rest built in, works offline
DOCS_FILES = {"index.html": "static_index.html", "manifest.json": "manifest.json", "catalog.json": "catalog.json"}
_DOCS_KEY = "docs.key"
# the project and seed tables of the last load of the seeds: loaded again only when either changed
_SEEDS_KEY = "seeds.key"
# where dbt keeps its parse of the project, in the target folder
_PARSE_FILE = "partial_parse.msgpack"


def die_with_parent() -> None:
    """In a child started ahead (dbt's, the validate step's), before it starts: a run killed with -9 takes the
    child (and its hold on the warehouse file) with it, instead of leaving a writer behind that the next run
    would trip over."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


class TransformError(RuntimeError):
    """dbt build failed; the message names the failed models and tests, in one line."""


_FAILED_NODE = re.compile(r"(?:Failure|Error) in (?:test|model|seed|snapshot|unit_test|source) \S+")


def _state(warehouse: Path) -> Path:
    """dbt's target/ and logs/ for this warehouse: named after it, so warehouses in one folder stay apart."""
    warehouse = Path(warehouse).resolve()
    return warehouse.with_name(f"{warehouse.stem}.dbt-state")


def dbt_command(warehouse: Path, *options: str, target: str = "duckdb") -> tuple[list[str], dict[str, str], Path]:
    """The dbt build(-and-docs) command line, environment and working directory for this warehouse (dbt state
    beside the file, named after it); the child parses the project, then waits for its line on stdin
    (govinfo.dbt_child)."""
    warehouse = Path(warehouse).resolve()
    state = _state(warehouse)
    # -P: the working directory stays off sys.path, so a checkout's dbt/ folder never joins the dbt package's path
    args = [sys.executable, "-P", "-m", "govinfo.dbt_child", "--project-dir", str(DBT_PROJECT),
            "--profiles-dir", str(DBT_PROJECT), "--target-path", str(state / "target"),
            "--log-path", str(state / "logs"), "--no-use-colors", "--target", target, *options]
    # no usage reports to dbt Labs (and no .user.yml written into an installed project folder) unless asked for.
    # The warehouse by its name, from its folder: dbt parses from scratch when the profile's connection differs
    # from the last parse's, so one path for every warehouse of that name lets them share a parse (_parse_cache)
    # dbt.log at info, not dbt's default debug: the lines printed, failures and each node's time, without every
    # statement's SQL (a quarter of the build threads' samples under py-spy; the SQL stays in target/run/). The
    # environment may ask for more
    return args, {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_LOG_LEVEL_FILE": "info", **os.environ,
                  "GOVINFO_WAREHOUSE": warehouse.name, "PYTHONUNBUFFERED": "1"}, warehouse.parent


def _parse_cache(warehouse: Path, target: str) -> Path:
    """dbt's last parse of the project for this target (each adapter brings its own macros), shared by every
    warehouse of this name: a new warehouse's first build starts from it instead of parsing the whole project
    (3 CPU-s). dbt checks each file, dbt's version, the profile and the vars against it, and parses again what
    differs, so a stale copy costs only its read."""
    return cache_dir() / "dbt-parse" / f"{Path(warehouse).name}.{target}.msgpack"


def _share_parse(source: Path, dest: Path) -> None:
    """Copy a parse state, atomically (builds of other warehouses may read it meanwhile); a cache that cannot be
    written or read only means a full parse."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
        shutil.copyfile(source, partial)
        os.replace(partial, dest)
    except OSError:
        pass


def start_dbt(warehouse: Path, period_id: str, target: str = "duckdb") -> subprocess.Popen:
    """The dbt child of a period's build, started now: it imports dbt and parses the project (seconds) while the
    caller goes on; dbt_build(…, started=it) then builds. cancel_child ends one that is not needed after all."""
    args, env, cwd = dbt_command(warehouse, "--vars", json.dumps({"period": period_id}), target=target)
    cwd.mkdir(parents=True, exist_ok=True)   # the child may start before the step that writes the warehouse
    parsed = _state(warehouse) / "target" / _PARSE_FILE
    if not parsed.exists() and _parse_cache(warehouse, target).exists():
        _share_parse(_parse_cache(warehouse, target), parsed)
    return subprocess.Popen(args, env=env, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                            preexec_fn=die_with_parent)


def cancel_child(proc: subprocess.Popen) -> None:
    """End a child started ahead (dbt's or the validate step's) that was not used (killed: it may still be
    importing)."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        stream.close()


def docs_site(warehouse: Path) -> dict[str, Path]:
    """The docs site of the last build: published file name → the file kept for it."""
    docs = _state(warehouse) / "docs"
    return {name: docs / name for name in DOCS_FILES}


def annex_suite_kept(warehouse: Path) -> Path:
    """Where the annex suite that last passed on this warehouse's marts is kept (its fingerprint and outcomes)."""
    return _state(warehouse) / "annex_suite.json"


def project_digest():
    """sha256 of the dbt project's files and dbt's versions: read once per build, each key below a copy of it."""
    digest = hashlib.sha256(f"{metadata.version('dbt-core')}\0{metadata.version('dbt-duckdb')}".encode())
    for path in sorted(p for p in DBT_PROJECT.rglob("*") if p.is_file()
                       and not p.relative_to(DBT_PROJECT).parts[0] in ("target", "logs", "dbt_packages")):
        digest.update(path.relative_to(DBT_PROJECT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest


def _keyed(project, label: str):
    """A copy of the project's digest, with what else the key depends on."""
    digest = project.copy()
    digest.update(b"\0" + label.encode())
    return digest


def _sql_keyed(project, label: str):
    """A copy of the project's digest with what else decides what its SQL computes: DuckDB's version and the SQL
    functions of the plugin (its files read, not imported: that would import dbt into this process)."""
    digest = _keyed(project, f"{label}\0{duckdb.__version__}")
    for source in (Path(__file__).with_name("dbt_functions.py"), Path(text.__file__)):
        digest.update(source.read_bytes())
    return digest


def _unit_tests_passed(target: str, project) -> Path:
    """The mark that dbt's unit tests passed on this project, dbt, DuckDB and the SQL functions of the plugin.
    They check the models' SQL on fixed rows, never a warehouse's data, so one pass holds for every warehouse
    on this machine: they run again when any of those changed."""
    return cache_dir() / "dbt-unit-tests" / _sql_keyed(project, f"unit tests on {target}").hexdigest()


def _keys(warehouse: Path, period_id: str, target: str, project=None) -> tuple[str | None, str | None]:
    """(docs, seeds): what the docs site is made of (the project's files, the period for the compiled SQL, dbt's
    version and every column of the warehouse, for the catalog), and what the seed tables hold (schema rules)
    with the project they came from. Both None on PostgreSQL, whose catalog and seeds are on the server: the
    docs and seeds are made every time there."""
    if target != "duckdb" or not Path(warehouse).is_file():
        return None, None
    project = project_digest() if project is None else project
    docs, seeds = _keyed(project, period_id), _keyed(project, "seeds")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        docs.update(repr(con.execute("SELECT table_schema, table_name, column_name, data_type, ordinal_position "
                                     "FROM information_schema.columns ORDER BY ALL").fetchall()).encode())
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                                    "AND schema_name = 'rules' ORDER BY 1").fetchall():
            rows = con.execute(f'SELECT * FROM rules."{table}" ORDER BY ALL').fetchall()
            seeds.update(f"{table}\0{rows!r}\0".encode())
    return docs.hexdigest(), seeds.hexdigest()


def _kept(warehouse: Path, name: str) -> str | None:
    try:
        return (_state(warehouse) / name).read_text(encoding="utf-8")
    except OSError:
        return None


def _keep_docs(warehouse: Path, key: str | None) -> None:
    """The site dbt just wrote, kept beside the state with what it was made of."""
    built, docs = _state(warehouse) / "target", _state(warehouse) / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, written in DOCS_FILES.items():
        shutil.copyfile(built / written, docs / name)
    (docs / _DOCS_KEY).write_text(key or "", encoding="utf-8")


def dbt_build(warehouse: Path, period_id: str, progress: Callable[[str], None] = lambda _: None,
              target: str = "duckdb", started: subprocess.Popen | None = None,
              meanwhile: Callable[[], None] | None = None) -> None:
    """dbt build of the period (in `started`, a child of start_dbt for this warehouse and period, if given);
    meanwhile() is called once the child has been asked to build."""
    # the docs site only when what it shows changed since the last one (dbt docs generate costs a second dbt run);
    # the seeds only when the project or their tables changed since they were last loaded
    project = project_digest()
    docs_key, seeds_key = _keys(warehouse, period_id, target, project)
    docs = docs_key is None or _kept(warehouse, "docs/" + _DOCS_KEY) != docs_key
    skip_seeds = seeds_key is not None and _kept(warehouse, _SEEDS_KEY) == seeds_key
    unit_tests_passed = _unit_tests_passed(target, project)
    skip_unit_tests = unit_tests_passed.exists()
    # staging and intermediate models whose inputs did not change since the last build (govinfo/unchanged_nodes.py):
    # on DuckDB, when the seeds stay as they are
    state, as_is_key, left_out = _state(warehouse), None, []
    if seeds_key is not None:
        as_is_key = _sql_keyed(project, f"unchanged nodes\0{target}\0{period_id}").hexdigest()
        if skip_seeds:
            digests, existing = unchanged_nodes.warehouse_tables(warehouse)
            left_out = unchanged_nodes.left_out(state, as_is_key, digests, existing)
    unchanged_nodes.forget(state)
    if left_out:
        progress(f"transform: {len(left_out)} staging and intermediate models and their tests left as the last build "
                 "made them (every table they read holds the same rows)")
    proc = started or start_dbt(warehouse, period_id, target)
    tail: deque[str] = deque(maxlen=60)
    with proc:
        try:
            proc.stdin.write(" ".join(["docs" if docs else "no-docs",
                                       *(["--exclude-resource-type", "unit_test"] if skip_unit_tests else []),
                                       *(["--exclude", "resource_type:seed", *left_out] if skip_seeds else [])])
                             + "\n")
            proc.stdin.close()
        except BrokenPipeError:
            pass   # the child ended before it was asked: its output says why
        if meanwhile is not None:
            meanwhile()
        for line in proc.stdout:
            line = line.rstrip()
            tail.append(line)
            progress(f"dbt: {line}")
    if proc.returncode != 0:
        # dbt ends with its own account of the failures ("Failure in test …", "Error in model …"), printed above
        failed = [m[0] for m in map(_FAILED_NODE.search, tail) if m] or [l.strip() for l in tail if l.strip()][-1:]
        raise TransformError(f"dbt build for {period_id} failed: {'; '.join(dict.fromkeys(failed))} "
                             f"(dbt's account above and in {_state(warehouse) / 'logs' / 'dbt.log'})")
    _share_parse(state / "target" / _PARSE_FILE, _parse_cache(warehouse, target))
    if as_is_key is not None:   # the tables' rows as this build read them (the seeds' included, if it loaded them)
        read = digests if skip_seeds else unchanged_nodes.warehouse_tables(warehouse)[0]
        unchanged_nodes.remember(state, as_is_key, read, state / "target" / "manifest.json")
    if not skip_unit_tests:
        try:
            unit_tests_passed.parent.mkdir(parents=True, exist_ok=True)
            unit_tests_passed.touch()
        except OSError:
            pass   # not kept: they run again next time
    if docs or not skip_seeds:
        docs_key, seeds_key = _keys(warehouse, period_id, target, project)
        if seeds_key is not None:
            (_state(warehouse) / _SEEDS_KEY).write_text(seeds_key, encoding="utf-8")
        if docs:
            _keep_docs(warehouse, docs_key)
