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


def test_a_new_warehouse_and_a_new_period_start_from_the_last_parse(small_build, small_inputs, tmp_path,
                                                                    monkeypatch):
    """dbt parses the whole project again (3 CPU-s) when the profile's connection or the command line's vars differ
    from its last parse: the warehouse is named from its folder and the period is left out of the parse, and a
    new warehouse starts from the parse the last build of that name shared."""
    import shutil

    from govinfo.transform import _PARSE_FILE, _parse_cache, _state

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    built, _ = small_build   # 2024-05, in another folder
    shared = _parse_cache(built.warehouse, built.target)
    shared.parent.mkdir(parents=True)
    shutil.copyfile(_state(built.warehouse) / "target" / _PARSE_FILE, shared)

    paths = Paths.resolve(small_inputs, tmp_path / "wh" / built.warehouse.name, tmp_path / "publish")
    run_period(paths, "2024-03", progress=lambda _: None, allow_empty=True)
    log = (_state(paths.warehouse) / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "Partial parsing enabled" in log and "Starting full parse" not in log
    assert (paths.publish_dir / "2024-03" / "annex.csv").is_file()   # the period still reached the build
    assert shared.read_bytes() == (_state(paths.warehouse) / "target" / _PARSE_FILE).read_bytes()
