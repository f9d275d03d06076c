"""The serving copy: serving.duckdb beside the warehouse file, what BI tools read.

A DuckDB file has one writer or many readers, never both, so dashboards never open the warehouse. Each
successful run writes a complete new copy under a temporary name and renames it into place: a reader
holding the previous file keeps reading it, a new connection sees the new one, and nobody sees a period
half-built. The copy holds tables only (no views, nothing that needs govinfo's Python functions).
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import pandas as pd

from . import postgres
from .config import Paths
from .run_lock import another_run

# staging is the raw schema cleaned, of no use to readers
SCHEMAS = ("raw", "rules", "intermediate", "marts")
# the oldest DuckDB that can read the copy (BI drivers often bundle an older one than govinfo's)
STORAGE_VERSION = "v1.0.0"


class ServingError(RuntimeError):
    """There is no serving copy to read."""


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _tables(con, database: str, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? "
                       "AND list_contains(?, schema_name) ORDER BY ALL", [database, list(schemas)]).fetchall()


def _copy_from_postgres(con) -> None:
    for schema, table, columns, rows in postgres.read_tables(SCHEMAS[1:]):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS serving.{schema}")
        con.execute(f'CREATE TABLE serving.{schema}."{table}" ('
                    + ", ".join(f'"{name}" {kind}' for name, kind in columns) + ")")
        if rows:
            frame = pd.DataFrame(rows, columns=[name for name, _ in columns], dtype=object)
            con.register("pg_rows", frame)
            con.execute(f'INSERT INTO serving.{schema}."{table}" SELECT * FROM pg_rows')
            con.unregister("pg_rows")


def write_copy(paths: Paths, out: Path) -> None:
    """Copy the built warehouse into a new DuckDB file: raw from the warehouse file, the rest from the target."""
    with duckdb.connect() as con:
        # copying needs little memory; unbounded, DuckDB caches what it copied (up to 80% of RAM)
        con.execute("SET memory_limit = '256MB'")
        con.execute(f"ATTACH {_literal(out)} AS serving (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute(f"ATTACH {_literal(paths.warehouse)} AS warehouse (READ_ONLY)")
        local = SCHEMAS if paths.target == "duckdb" else ("raw",)
        for schema, table in _tables(con, "warehouse", local):
            con.execute(f"CREATE SCHEMA IF NOT EXISTS serving.{schema}")
            con.execute(f'CREATE TABLE serving.{schema}."{table}" AS FROM warehouse.{schema}."{table}"')
        if paths.target == "postgres":
            _copy_from_postgres(con)
        con.execute("CHECKPOINT serving")


def _temporary(paths: Paths, pid: int | str) -> Path:
    return paths.serving.with_name(f".{paths.serving.name}.{pid}.tmp")


def remove_leftovers(paths: Paths) -> list[str]:
    """Delete the half-written copies (and their .wal) of runs killed while staging; one line for each."""
    pattern = re.compile(re.escape(_temporary(paths, "PID").name).replace("PID", r"(\d+)") + r"(\.wal)?")
    lines = []
    for path in sorted(paths.serving.parent.glob(f".{paths.serving.name}.*")):
        match = pattern.fullmatch(path.name)
        if match and not another_run(int(match[1])):
            path.unlink(missing_ok=True)
            lines.append(f"{path}: removed, left by a run (pid {match[1]}) killed while writing the serving copy")
    return lines


@contextmanager
def staged(paths: Paths, progress: Callable[[str], None] = lambda _: None) -> Iterator[Path]:
    """A new copy of the built warehouse under a temporary name, renamed to serving.duckdb if the block succeeds."""
    for line in remove_leftovers(paths):
        progress(line)
    tmp = _temporary(paths, os.getpid())
    try:
        write_copy(paths, tmp)
        yield tmp
        tmp.chmod(0o444)
        os.replace(tmp, paths.serving)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)


def export_parquet(paths: Paths, out: Path, schema: str = "marts") -> list[Path]:
    """Every table of the serving copy's schema as <out>/<table>.parquet (each written whole, then renamed)."""
    if not paths.serving.exists():
        raise ServingError(f"{paths.serving} does not exist yet: run a period first")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(paths.serving), read_only=True) as con:
        for _, table in _tables(con, paths.serving.stem, (schema,)):
            tmp, final = out / f".{table}.parquet.tmp", out / f"{table}.parquet"
            con.execute(f'COPY {schema}."{table}" TO {_literal(tmp)} (FORMAT parquet)')
            os.replace(tmp, final)
            written.append(final)
    return written
