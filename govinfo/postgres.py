"""The PostgreSQL target: the raw schema copied in from the warehouse file, the built schemas read back.

Ingestion and the validate step always write the DuckDB warehouse file; for `--target postgres` its raw
tables are copied into PostgreSQL (COPY, one transaction) and dbt builds there. The connection follows
libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE, with the defaults of dbt/profiles.yml.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator

import duckdb
import psycopg2

from ingestion.raw_tables import TABLES, VALIDATION_TABLES

DEFAULTS = {"PGHOST": "localhost", "PGPORT": "5432", "PGUSER": "postgres", "PGDATABASE": "govinfo"}

# PostgreSQL column types (information_schema data_type) as DuckDB types, for the serving copy
DUCKDB_TYPES = {
    "integer": "INTEGER", "bigint": "BIGINT", "smallint": "SMALLINT", "boolean": "BOOLEAN", "date": "DATE",
    "text": "VARCHAR", "character varying": "VARCHAR", "double precision": "DOUBLE", "numeric": "DOUBLE",
    "timestamp without time zone": "TIMESTAMP", "timestamp with time zone": "TIMESTAMPTZ",
    "ARRAY": "VARCHAR[]",  # the models' only arrays are lists of text (split_list, leading_tags)
}


class TargetError(RuntimeError):
    """The PostgreSQL target cannot be used (no connection, or a database that would count differently)."""


def settings() -> dict[str, str]:
    return {name: os.environ.get(name) or default for name, default in DEFAULTS.items()}


def connect():
    s = settings()
    try:
        return psycopg2.connect(host=s["PGHOST"], port=s["PGPORT"], user=s["PGUSER"], dbname=s["PGDATABASE"],
                                password=os.environ.get("PGPASSWORD"), connect_timeout=10)
    except psycopg2.OperationalError as exc:
        where = f"{s['PGUSER']}@{s['PGHOST']}:{s['PGPORT']}/{s['PGDATABASE']}"
        raise TargetError(f"cannot connect to PostgreSQL {where} (PGHOST, PGPORT, PGUSER, PGPASSWORD, "
                          f"PGDATABASE): {str(exc).strip()}") from exc


def check_database(cur) -> None:
    """UTF8 for normalize(); text sorted by code point as on DuckDB, so ties break alike (first copy, last row)."""
    cur.execute("SELECT pg_encoding_to_char(encoding), datcollate, 'Z' < 'a' AND '中' < '格' AND 'a-c' < 'ab' "
                "FROM pg_database WHERE datname = current_database()")
    encoding, collation, by_code_point = cur.fetchone()
    if encoding != "UTF8" or not by_code_point:
        raise TargetError(f"database {settings()['PGDATABASE']} has encoding {encoding} and collation {collation}; "
                          "govinfo needs UTF8 and text sorted by code point: CREATE DATABASE govinfo TEMPLATE "
                          "template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")


def load_raw(warehouse: Path) -> dict[str, int]:
    """Replace PostgreSQL's raw schema with the warehouse file's; returns rows copied per table."""
    copied = {}
    with duckdb.connect(str(warehouse), read_only=True) as duck, tempfile.TemporaryDirectory() as tmp:
        pg = connect()
        try:
            with pg, pg.cursor() as cur:  # one transaction: dbt never sees half the inputs
                check_database(cur)
                cur.execute("CREATE SCHEMA IF NOT EXISTS raw")
                for name, columns in {**TABLES, **VALIDATION_TABLES}.items():
                    csv = Path(tmp) / f"{name}.csv"
                    # DuckDB writes NULL as nothing and '' as "", which COPY … CSV reads back the same way
                    duck.execute(f"COPY raw.{name} TO '{csv}' (FORMAT csv, HEADER)")
                    names = [row[0] for row in duck.execute(f"DESCRIBE raw.{name}").fetchall()]
                    cur.execute(f"DROP TABLE IF EXISTS raw.{name}")
                    cur.execute(f"CREATE TABLE raw.{name} ({columns})")
                    with open(csv, encoding="utf-8") as handle:
                        cur.copy_expert(f"COPY raw.{name} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, HEADER)",
                                        handle)
                    copied[name] = cur.rowcount
        finally:
            pg.close()
    return copied


def read_tables(schemas: tuple[str, ...]) -> Iterator[tuple[str, str, list[tuple[str, str]], list[tuple]]]:
    """(schema, table, [(column, DuckDB type)], rows) of every table in the given PostgreSQL schemas."""
    pg = connect()
    try:
        with pg, pg.cursor() as cur:
            cur.execute("SELECT table_schema, table_name, column_name, data_type, numeric_precision, numeric_scale "
                        "FROM information_schema.columns "
                        "WHERE table_schema = ANY(%s) ORDER BY table_schema, table_name, ordinal_position",
                        [list(schemas)])
            tables: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for schema, table, column, data_type, precision, scale in cur.fetchall():
                if data_type not in DUCKDB_TYPES:
                    raise TargetError(f"{schema}.{table}.{column}: no DuckDB type for PostgreSQL's {data_type}")
                # points are numeric(12,2) on both targets: keep the declared precision, as DuckDB's DECIMAL
                duck_type = (f"DECIMAL({precision},{scale})" if data_type == "numeric" and precision is not None
                             else DUCKDB_TYPES[data_type])
                tables.setdefault((schema, table), []).append((column, duck_type))
            for (schema, table), columns in tables.items():
                cur.execute(f'SELECT * FROM "{schema}"."{table}"')
                yield schema, table, columns, cur.fetchall()
    finally:
        pg.close()


def read_comments(schemas: tuple[str, ...]) -> list[tuple[str, str, str | None, str]]:
    """(schema, table, column or None for the table, comment) of every commented table and column (persist_docs)."""
    pg = connect()
    try:
        with pg, pg.cursor() as cur:
            cur.execute("SELECT n.nspname, c.relname, a.attname, d.description FROM pg_description d "
                        "JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0 "
                        "WHERE n.nspname = ANY(%s) ORDER BY 1, 2, d.objsubid", [list(schemas)])
            return cur.fetchall()
    finally:
        pg.close()
