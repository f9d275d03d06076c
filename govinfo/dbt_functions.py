"""dbt-duckdb plugin: the contract's text rules as DuckDB functions, so SQL and Python compare text alike."""
from __future__ import annotations

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import VARCHAR

from ingestion import text

_LIST = duckdb.list_type(VARCHAR)

FUNCTIONS = {
    # name: (python function, argument types, return type)
    "govinfo_key": (text.clean, [VARCHAR], VARCHAR),
    "govinfo_address_key": (text.address_key, [VARCHAR], VARCHAR),
    "govinfo_title_key": (text.title_key, [VARCHAR], VARCHAR),
    "govinfo_split": (text.split_list, [VARCHAR], _LIST),
    "govinfo_strip": (lambda v: (v.strip() or None) if v is not None else None, [VARCHAR], VARCHAR),
    "govinfo_strip_tags": (lambda v: text.strip_tags(v) if v is not None else None, [VARCHAR], VARCHAR),
    "govinfo_strip_leading_tags": (lambda v: text.strip_leading_tags(v) if v is not None else None,
                                   [VARCHAR], VARCHAR),
    "govinfo_leading_tags": (text.leading_tags, [VARCHAR], _LIST),
}


def register(con) -> None:
    for name, (func, args, returns) in FUNCTIONS.items():
        con.create_function(name, func, args, returns, null_handling="special", side_effects=False)


# the warehouse connections dbt-duckdb opened in this process, for close_warehouse
_OPENED: list = []


def close_warehouse() -> None:
    """Close the warehouse dbt-duckdb keeps open for the life of the process (its cursors with it), so that the
    dbt child can end at once, without tearing down dbt's modules, and leave the file checkpointed and unlocked."""
    while _OPENED:
        _OPENED.pop().close()


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        register(conn)
        _OPENED.append(conn)
