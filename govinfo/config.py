"""Where things are: the bundled sample and local folders by default, environment variables over them."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingestion.bundled import DBT_PROJECT, SAMPLE_INPUTS  # noqa: F401  (where the CLI and dbt find them)

TARGETS = ("duckdb", "postgres")  # the outputs of dbt/profiles.yml


def cache_dir() -> Path:
    """Files kept between runs only to save time, never needed for a result: $XDG_CACHE_HOME/govinfo
    (default ~/.cache/govinfo)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govinfo"


@dataclass(frozen=True)
class Paths:
    inputs: Path
    warehouse: Path
    publish_dir: Path
    # where dbt builds: "duckdb" (the warehouse file) or "postgres" (the PG* variables; raw still lands in the file)
    target: str = "duckdb"

    @classmethod
    def resolve(cls, inputs=None, warehouse=None, publish_dir=None, target=None) -> "Paths":
        """Explicit values first, then GOVINFO_INPUTS / GOVINFO_WAREHOUSE / GOVINFO_PUBLISH_DIR /
        GOVINFO_DBT_TARGET, then defaults."""
        env = os.environ
        target = target or env.get("GOVINFO_DBT_TARGET") or "duckdb"
        if target not in TARGETS:
            raise ValueError(f"target must be one of {', '.join(TARGETS)}, got '{target}'")
        return cls(
            inputs=Path(inputs or env.get("GOVINFO_INPUTS") or SAMPLE_INPUTS).resolve(),
            warehouse=Path(warehouse or env.get("GOVINFO_WAREHOUSE") or "warehouse/govinfo.duckdb").resolve(),
            publish_dir=Path(publish_dir or env.get("GOVINFO_PUBLISH_DIR") or "publish").resolve(),
            target=target,
        )

    @property
    def serving(self) -> Path:
        """The read-only copy for BI readers, beside the warehouse file and named after it (govinfo/serving.py)."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.serving.duckdb")
