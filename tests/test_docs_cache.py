"""The dbt docs site is generated when what it shows changed (the project, the period, dbt, the warehouse's
columns), not on every run; each run still publishes it. dbt's unit tests run again when the project changed."""
from __future__ import annotations

import pytest

from govinfo.config import Paths
from govinfo.pipeline import run_period
from govinfo.transform import _docs_key

pytestmark = pytest.mark.pipeline


def test_a_second_run_reuses_the_docs_and_still_publishes_them(small_inputs, tmp_path):
    paths = Paths.resolve(small_inputs, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    first: list[str] = []
    run_period(paths, "2024-05", progress=first.append)
    docs = paths.publish_dir / "2024-05" / "docs"
    site = {p.name: p.read_bytes() for p in docs.iterdir()}
    assert sorted(site) == ["catalog.json", "index.html", "manifest.json"]
    assert any("Building catalog" in line for line in first)
    assert any("Finished running" in line and "unit tests" in line for line in first)

    again: list[str] = []
    run_period(paths, "2024-05", progress=again.append)
    assert any("Done. PASS=" in line for line in again)           # built again …
    assert not any("Building catalog" in line for line in again)  # … without a second dbt run for the docs
    # … and without the unit tests, which passed on the same project
    assert not any("Finished running" in line and "unit test" in line for line in again)
    assert {p.name: p.read_bytes() for p in docs.iterdir()} == site

    key = _docs_key(paths.warehouse, "2024-05", "duckdb")
    assert key and _docs_key(paths.warehouse, "2024-03", "duckdb") != key
    assert _docs_key(paths.warehouse, "2024-05", "postgres") is None
