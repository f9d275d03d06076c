"""Where things are: the bundled sample and local folders by default, environment variables over them."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DBT_PROJECT = REPO / "dbt"
SAMPLE_INPUTS = REPO / "samples" / "golmud-2024"


@dataclass(frozen=True)
class Paths:
    inputs: Path
    warehouse: Path
    publish_dir: Path

    @classmethod
    def resolve(cls, inputs=None, warehouse=None, publish_dir=None) -> "Paths":
        """Explicit values first, then GOVINFO_INPUTS / GOVINFO_WAREHOUSE / GOVINFO_PUBLISH_DIR, then defaults."""
        env = os.environ
        return cls(
            inputs=Path(inputs or env.get("GOVINFO_INPUTS") or SAMPLE_INPUTS).resolve(),
            warehouse=Path(warehouse or env.get("GOVINFO_WAREHOUSE") or "warehouse/govinfo.duckdb").resolve(),
            publish_dir=Path(publish_dir or env.get("GOVINFO_PUBLISH_DIR") or "publish").resolve(),
        )
