"""The staging views and intermediate tables a DuckDB build can leave as they are, with their data tests.

A model is left out of the build when every table it reads, however indirectly (raw.*, written by ingest and
validate; rules.*, loaded from the seeds), holds what it held when the last build succeeded, for the same project
files, dbt and period; when its relation is still in the warehouse; and when every model it reads is left out
too. Its SQL and its inputs are the same, so its rows are; its tests passed on those rows. A test is left out
when all the models it reads are. The marts always run: BI reads them and publishing checks them.

So a clerk's run with new mail rebuilds what the mail feeds, not what only the registers feed. Anything else (no
record of a last build, a failed or interrupted one, another period, seeds to load) builds everything.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

_RECORD = "unchanged.json"
# the materialization of the staging and intermediate layers on DuckDB (dbt_project.yml, macros/materializations)
_REBUILT_AS_IS = "replaced"


# a table's rows, in any order: their count and the sums of the two halves of each row's MD5 (DuckDB's own 64-bit
# row hash would be cheaper, but rows can be made to collide in it)
_DIGEST = "count(*), sum(md5_number_upper(t::VARCHAR)), sum(md5_number_lower(t::VARCHAR))"


def warehouse_tables(warehouse: Path) -> tuple[dict[str, list], set[str]]:
    """Each raw.* and rules.* table's digest of its rows, and the warehouse's relations (schema.name), read in one
    connection."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relations = con.execute(
            "SELECT schema_name, table_name, true FROM duckdb_tables() WHERE database_name = current_database() "
            "UNION ALL SELECT schema_name, view_name, false FROM duckdb_views() WHERE database_name = "
            "current_database() ORDER BY ALL").fetchall()
        digests = {f"{schema}.{name}": [str(value) for value in con.execute(
                       f'SELECT {_DIGEST} FROM "{schema}"."{name}" AS t').fetchone()]
                   for schema, name, is_table in relations if is_table and schema in ("raw", "rules")}
    return digests, {f"{schema}.{name}" for schema, name, _ in relations}


def _graph(manifest: dict) -> dict[str, dict]:
    """Model and test name → its relation (models), the models it reads and the tables it reads at the root."""
    nodes, sources = manifest["nodes"], manifest["sources"]
    roots: dict[str, frozenset] = {}

    def root_tables(unique_id: str) -> frozenset:
        if unique_id in sources:
            return frozenset({f"{sources[unique_id]['schema']}.{sources[unique_id]['identifier']}"})
        node = nodes[unique_id]
        if node["resource_type"] == "seed":
            return frozenset({f"{node['schema']}.{node['alias']}"})
        if unique_id not in roots:
            roots[unique_id] = frozenset().union(*map(root_tables, node["depends_on"].get("nodes", [])))
        return roots[unique_id]

    graph = {}
    for unique_id, node in nodes.items():
        if node["resource_type"] == "model" and node["config"].get("materialized") == _REBUILT_AS_IS or \
                node["resource_type"] == "test":
            graph[node["name"]] = {
                "relation": f"{node['schema']}.{node['alias']}" if node["resource_type"] == "model" else None,
                "models": sorted(nodes[p]["name"] for p in node["depends_on"].get("nodes", [])
                                 if p.startswith("model.")),
                "tables": sorted(root_tables(unique_id))}
    return graph


def left_out(state: Path, key: str, digests: dict[str, list], existing: set[str]) -> list[str]:
    """The names of the models and tests this build can leave out (none without a record for this key)."""
    try:
        record = json.loads((state / _RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if record.get("key") != key:
        return []
    changed = {t for t in record["digests"].keys() | digests.keys() if record["digests"].get(t) != digests.get(t)}
    graph = record["graph"]
    kept: dict[str, bool] = {}

    def is_kept(name: str) -> bool:
        if name not in kept:
            node = graph.get(name)
            kept[name] = bool(node) and not changed.intersection(node["tables"]) \
                and (node["relation"] is None or node["relation"] in existing) \
                and all(is_kept(model) for model in node["models"])
        return kept[name]

    return sorted(name for name in graph if is_kept(name))


def forget(state: Path) -> None:
    """No record while a build runs: one that fails or is killed leaves the next to build everything."""
    (state / _RECORD).unlink(missing_ok=True)


def remember(state: Path, key: str, digests: dict[str, list], manifest: Path) -> None:
    """After a build that succeeded: what its tables held, and the project's graph (from the parse's manifest)."""
    graph = _graph(json.loads(manifest.read_text(encoding="utf-8")))
    (state / _RECORD).write_text(json.dumps({"key": key, "digests": digests, "graph": graph}, ensure_ascii=False),
                                 encoding="utf-8")
