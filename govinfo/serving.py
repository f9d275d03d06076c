"""The serving copy: <warehouse>.serving.duckdb beside the warehouse file, what BI tools read.

A DuckDB file has one writer or many readers, never both, so dashboards never open the warehouse. Each
successful run writes a complete new copy under a temporary name and renames it into place: a reader
holding the previous file keeps reading it, a new connection sees the new one, and nobody sees a period
half-built.

Two files are written per run. The snapshot holds everything publishing reads (on DuckDB, a copy of the
warehouse file) and is deleted once the period is published. The serving copy holds only what BI may see: the marts
with their descriptions as comments, e-mail addresses withheld, and the `bi_zh` views that name the same
columns in Chinese. Nothing in it needs govinfo's Python functions.
"""
from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from ingestion.limits import bound_memory

from . import postgres
from .config import Paths
from .run_lock import another_run

# what publishing reads besides the raw schema, copied from the server when dbt builds on PostgreSQL (staging is the
# raw schema cleaned, read by nobody after dbt)
FROM_THE_SERVER = ("rules", "intermediate", "marts")
# what BI readers get: the marts, and views over them with Chinese column names
MARTS = "marts"
CHINESE = "bi_zh"
# an e-mail address inside a text (the sender of a rejected message), which the serving copy withholds; one
# in angle brackets is a Message-ID, a source reference BI keeps
ADDRESS = r"(^|[^\w.+<-])[\w.+-]+@[\w-]+(\.[\w-]+)+"
WITHHELD = r"\1(地址不公开)"
# the oldest DuckDB that can read the copy (BI drivers often bundle an older one than govinfo's)
STORAGE_VERSION = "v1.0.0"


class ServingError(RuntimeError):
    """There is no serving copy to read."""


def _literal(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(con, database: str, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? "
                       "AND list_contains(?, schema_name) ORDER BY ALL", [database, list(schemas)]).fetchall()


def _comments(con, database: str, schemas: tuple[str, ...]) -> list[tuple[str, str, str | None, str]]:
    """(schema, table, column or None for the table, comment) of a DuckDB database, as postgres.read_comments."""
    return con.execute(
        "SELECT schema_name, table_name, NULL, comment FROM duckdb_tables() "
        "WHERE database_name = $1 AND list_contains($2, schema_name) AND comment IS NOT NULL "
        "UNION ALL SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
        "WHERE database_name = $1 AND list_contains($2, schema_name) AND comment IS NOT NULL",
        [database, list(schemas)]).fetchall()


def _apply_comments(con, database: str, comments) -> None:
    for schema, table, column, comment in comments:
        target = f"{database}.{schema}.{_ident(table)}"
        if column is None:
            con.execute(f"COMMENT ON TABLE {target} IS {_literal(comment)}")
        else:
            con.execute(f"COMMENT ON COLUMN {target}.{_ident(column)} IS {_literal(comment)}")


def _copy_from_postgres(con) -> None:
    for schema, table, columns, rows in postgres.read_tables(FROM_THE_SERVER):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS snapshot.{schema}")
        con.execute(f'CREATE TABLE snapshot.{schema}."{table}" ('
                    + ", ".join(f'"{name}" {kind}' for name, kind in columns) + ")")
        if rows:
            import pandas as pd   # PostgreSQL's warehouse only

            frame = pd.DataFrame(rows, columns=[name for name, _ in columns], dtype=object)
            con.register("pg_rows", frame)
            con.execute(f'INSERT INTO snapshot.{schema}."{table}" SELECT * FROM pg_rows')
            con.unregister("pg_rows")
    _apply_comments(con, "snapshot", postgres.read_comments((MARTS,)))


def _connection():
    # copying needs little memory; unbounded, DuckDB caches what it copied (up to 80% of RAM)
    return bound_memory(duckdb.connect())


def write_snapshot(paths: Paths, out: Path) -> None:
    """The built warehouse as publishing reads it, in a new DuckDB file. On DuckDB, the warehouse file itself copied
    (with its .wal, if one was left): every step runs under the warehouse's lock, so nothing writes it meanwhile, and
    a file copy takes 0.02 s where copying its tables one by one took 0.25 s on the sample. On PostgreSQL, the raw
    schema from the warehouse file and the rest from the server."""
    if paths.target == "duckdb":
        for source, copy in ((paths.warehouse, out), (_wal(paths.warehouse), _wal(out))):
            if source.exists():
                shutil.copyfile(source, copy)
        return
    with _connection() as con:
        con.execute(f"ATTACH {_literal(out)} AS snapshot")
        con.execute(f"ATTACH {_literal(paths.warehouse)} AS warehouse (READ_ONLY)")
        con.execute("BEGIN TRANSACTION")   # one commit (one sync to disk) for the whole copy, not one a statement
        for schema, table in _tables(con, "warehouse", ("raw",)):
            con.execute(f"CREATE SCHEMA IF NOT EXISTS snapshot.{schema}")
            con.execute(f'CREATE TABLE snapshot.{schema}."{table}" AS FROM warehouse.{schema}."{table}"')
        _copy_from_postgres(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT snapshot")


def _wal(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def chinese_name(comment: str | None) -> str | None:
    """The 中文 label a description starts with: before " — " ("信息采用 省 本期 — adoptions …" → 信息采用_省_本期),
    else its first word ("表内名称." → 表内名称); None when that holds no Chinese."""
    text = (comment or "").strip()
    label = text.split(" — ", 1)[0] if " — " in text else text.split(maxsplit=1)[0].rstrip(".") if text else ""
    label = re.sub(r"\s+", "_", label.strip())
    return label if re.search(r"[\u3400-\u9fff]", label) else None


def _chinese_views(con) -> None:
    """bi_zh.<mart>: every column of the mart under its 中文 label, commented with its description."""
    con.execute(f"CREATE SCHEMA serving.{CHINESE}")
    columns = con.execute("SELECT table_name, column_name, comment FROM duckdb_columns() WHERE database_name = "
                          "'serving' AND schema_name = ? ORDER BY table_name, column_index", [MARTS]).fetchall()
    views: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, comment in columns:
        views.setdefault(table, []).append((column, chinese_name(comment), comment))
    con.execute("USE serving")  # the views name marts.<table> in their own file, whatever it is attached as
    for table, named in views.items():
        labels = [label for _, label, _ in named]
        # a column without a label of its own keeps its English name (tests/test_serving.py finds none today)
        named = [(column, label if label and labels.count(label) == 1 else column, comment)
                 for column, label, comment in named]
        select = ", ".join(f"{_ident(column)} AS {_ident(label)}" for column, label, _ in named)
        con.execute(f"CREATE VIEW {CHINESE}.{_ident(table)} AS SELECT {select} FROM {MARTS}.{_ident(table)}")
        _apply_comments(con, "serving", [(CHINESE, table, label, comment) for _, label, comment in named])
    con.execute("USE memory")


def write_serving(snapshot: Path, out: Path) -> None:
    """What BI may see, from a snapshot: the marts (e-mail addresses withheld, comments kept) and bi_zh."""
    with _connection() as con:
        con.execute(f"ATTACH {_literal(out)} AS serving (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute(f"ATTACH {_literal(snapshot)} AS snapshot (READ_ONLY)")
        con.execute("BEGIN TRANSACTION")   # one commit (one sync to disk) for the whole copy, not one a statement
        con.execute(f"CREATE SCHEMA serving.{MARTS}")
        for _, table in _tables(con, "snapshot", (MARTS,)):
            kinds = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
                                "'snapshot' AND schema_name = ? AND table_name = ? ORDER BY column_index",
                                [MARTS, table]).fetchall()
            select = ", ".join(
                f"regexp_replace({_ident(c)}, {_literal(ADDRESS)}, {_literal(WITHHELD)}, 'g') AS {_ident(c)}"
                if kind == "VARCHAR" else _ident(c) for c, kind in kinds)
            con.execute(f"CREATE TABLE serving.{MARTS}.{_ident(table)} AS "
                        f"SELECT {select} FROM snapshot.{MARTS}.{_ident(table)}")
        _apply_comments(con, "serving", _comments(con, "snapshot", (MARTS,)))
        _chinese_views(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT serving")


def _temporaries(paths: Paths, pid: int | str) -> tuple[Path, Path]:
    """The serving copy being written and the snapshot published from, of the run with this pid."""
    return (paths.serving.with_name(f".{paths.serving.name}.{pid}.tmp"),
            paths.serving.with_name(f".{paths.warehouse.stem}.snapshot.{pid}.tmp"))


def remove_leftovers(paths: Paths) -> list[str]:
    """Delete the half-written files (and their .wal) of runs killed while staging; one line for each."""
    patterns = [re.compile(re.escape(t.name).replace("PID", r"(\d+)") + r"(\.wal)?") for t in _temporaries(paths, "PID")]
    lines = []
    for path in sorted(paths.serving.parent.glob(".*.tmp*")):
        match = next(filter(None, (p.fullmatch(path.name) for p in patterns)), None)
        if match and not another_run(int(match[1])):
            path.unlink(missing_ok=True)
            lines.append(f"{path}: removed, left by a run (pid {match[1]}) killed while writing the serving copy")
    return lines


@dataclass(frozen=True)
class Staged:
    """A snapshot of the build (what publishing reads) and the serving copy written from it, both under
    temporary names named after the process that wrote them (token, its pid); not yet in place. As a context
    manager, whatever was not swapped in is deleted on the way out."""
    paths: Paths
    token: str
    # the serving copy, while a thread of this process still writes it (stage(…, meanwhile=True))
    writing: Future | None = field(default=None, compare=False, repr=False)

    @property
    def serving_tmp(self) -> Path:
        return _temporaries(self.paths, self.token)[0]

    @property
    def snapshot(self) -> Path:
        return _temporaries(self.paths, self.token)[1]

    def exists(self) -> bool:
        return self.serving_tmp.exists() and self.snapshot.exists()

    def commit(self) -> None:
        """The staged serving copy replaces <warehouse>.serving.duckdb in one rename (once written: what writing
        it raised is raised here)."""
        if self.writing is not None:
            self.writing.result()
        self.serving_tmp.chmod(0o444)
        os.replace(self.serving_tmp, self.paths.serving)

    def discard(self) -> None:
        if self.writing is not None:
            wait([self.writing])
        for leftover in _temporaries(self.paths, self.token):
            for path in (leftover, _wal(leftover)):
                path.unlink(missing_ok=True)

    def __enter__(self) -> "Staged":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


def stage(paths: Paths, progress: Callable[[str], None] = lambda _: None, meanwhile: bool = False) -> Staged:
    """Write the snapshot and the serving copy under temporary names (what a killed run left is deleted first).
    meanwhile: the serving copy is written in a thread, beside what the caller then does with the snapshot (DuckDB
    releases the GIL while it copies); Staged.commit waits for it."""
    for line in remove_leftovers(paths):
        progress(line)
    ready = Staged(paths, str(os.getpid()))
    ready.discard()  # an earlier staging of this same process that was never published
    try:
        write_snapshot(paths, ready.snapshot)
        if not meanwhile:
            write_serving(ready.snapshot, ready.serving_tmp)
            return ready
    except BaseException:
        ready.discard()
        raise
    pool = ThreadPoolExecutor(1, thread_name_prefix="serving copy")
    writing = pool.submit(write_serving, ready.snapshot, ready.serving_tmp)
    pool.shutdown(wait=False)   # its one thread ends with the copy
    return Staged(paths, ready.token, writing)


@contextmanager
def staged(paths: Paths, progress: Callable[[str], None] = lambda _: None) -> Iterator[Path]:
    """A snapshot of the built warehouse to read from; if the block succeeds, the serving copy written
    from it replaces <warehouse>.serving.duckdb. The snapshot is deleted either way."""
    with stage(paths, progress) as ready:
        yield ready.snapshot
        ready.commit()


def export_parquet(paths: Paths, out: Path, schema: str = MARTS) -> list[Path]:
    """Every table of the serving copy's schema as <out>/<table>.parquet (each written whole, then renamed)."""
    if not paths.serving.exists():
        raise ServingError(f"{paths.serving} does not exist yet: run a period first")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(paths.serving), read_only=True) as con:
        database = con.execute("SELECT current_database()").fetchone()[0]
        for _, table in _tables(con, database, (schema,)):
            tmp, final = out / f".{table}.parquet.tmp", out / f"{table}.parquet"
            con.execute(f'COPY {schema}."{table}" TO {_literal(tmp)} (FORMAT parquet)')
            os.replace(tmp, final)
            written.append(final)
    return written
