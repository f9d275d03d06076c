"""The dbt docs site is generated when what it shows changed (the project, the period, dbt, the warehouse's
columns), not on every run; each run still publishes it. dbt's unit tests run again when the project (or dbt,
DuckDB, the plugin's functions) changed, for any warehouse; the seeds are loaded again when the project or
their tables changed."""
from __future__ import annotations

import pytest

from govinfo.config import Paths
from govinfo.pipeline import run_period
import duckdb

from govinfo.transform import _keys

pytestmark = pytest.mark.pipeline


def test_a_second_run_reuses_the_docs_and_still_publishes_them(small_inputs, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))   # where the unit tests' pass is kept
    paths = Paths.resolve(small_inputs, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    first: list[str] = []
    run_period(paths, "2024-05", progress=first.append)
    docs = paths.publish_dir / "2024-05" / "docs"
    site = {p.name: p.read_bytes() for p in docs.iterdir()}
    assert sorted(site) == ["catalog.json", "index.html", "manifest.json"]
    assert any("Building catalog" in line for line in first)
    assert any("Finished running" in line and "unit tests" in line for line in first)
    manifest = paths.warehouse.with_name("govinfo.dbt-state") / "target" / "manifest.json"
    written = manifest.stat().st_mtime_ns

    log = paths.warehouse.with_name("govinfo.dbt-state") / "logs" / "dbt.log"
    parses = log.read_text(encoding="utf-8").count("Command `cli parse`")
    again: list[str] = []
    run_period(paths, "2024-05", progress=again.append)
    # … from the manifest the first parse pickled, without asking dbt to parse again
    assert log.read_text(encoding="utf-8").count("Command `cli parse`") == parses
    assert any("Done. PASS=" in line for line in again)           # built again …
    assert not any("Building catalog" in line for line in again)  # … without a second dbt run for the docs
    # … and without the unit tests, which passed on the same project
    assert not any("Finished running" in line and "unit test" in line for line in again)
    assert {p.name: p.read_bytes() for p in docs.iterdir()} == site

    # … and without loading the seeds again: their tables hold what the project's files do
    assert any("Finished running" in line and " seeds" in line for line in first)
    assert not any("Finished running" in line and " seed" in line for line in again)

    # … and without writing manifest.json again (govinfo/dbt_child.py); a changed variable of those the profile or
    # dbt may read (GOVINFO_*, PG*, DBT_*) has it written again
    assert manifest.stat().st_mtime_ns == written
    monkeypatch.setenv("DBT_ENV_CUSTOM_ENV_OFFICE", "格尔木")
    run_period(paths, "2024-05", progress=lambda _: None)
    assert manifest.stat().st_mtime_ns != written

    docs_key, seeds_key = _keys(paths.warehouse, "2024-05", "duckdb")
    assert docs_key and _keys(paths.warehouse, "2024-03", "duckdb")[0] != docs_key
    assert _keys(paths.warehouse, "2024-05", "postgres") == (None, None)

    with duckdb.connect(str(paths.warehouse)) as con:   # a seed table changed outside dbt
        keywords = con.execute("SELECT count(*) FROM rules.exclusion_keywords").fetchone()[0]
        con.execute("DELETE FROM rules.exclusion_keywords WHERE keyword = (SELECT min(keyword) FROM "
                    "rules.exclusion_keywords)")
    assert _keys(paths.warehouse, "2024-05", "duckdb")[1] != seeds_key
    third: list[str] = []
    run_period(paths, "2024-05", progress=third.append)
    assert any("Finished running" in line and " seeds" in line for line in third)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM rules.exclusion_keywords").fetchone()[0] == keywords


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
    lines: list[str] = []
    run_period(paths, "2024-03", progress=lines.append, allow_empty=True)
    log = (_state(paths.warehouse) / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "Partial parsing enabled" in log and "Starting full parse" not in log
    # the build logs at info: each node's line, not each statement's SQL (the parse's debug lines hold none)
    assert "OK created" in log and "PASS" in log and "create or replace" not in log
    assert (paths.publish_dir / "2024-03" / "annex.csv").is_file()   # the period still reached the build
    assert shared.read_bytes() == (_state(paths.warehouse) / "target" / _PARSE_FILE).read_bytes()

    # the unit tests ran (their pass is kept in the cache, which was empty of it), and hold for the next warehouse
    assert any("Finished running" in line and "unit tests" in line for line in lines)
    other = Paths.resolve(small_inputs, tmp_path / "other" / built.warehouse.name, tmp_path / "publish-other")
    lines.clear()
    run_period(other, "2024-05", progress=lines.append)
    assert any("Done. PASS=" in line for line in lines)
    assert not any("Finished running" in line and "unit test" in line for line in lines)


def test_a_kept_manifest_is_used_only_while_the_variables_it_read_keep_their_values(tmp_path, monkeypatch):
    """A model may read a variable outside the manifest key's prefixes (GOVINFO_*, PG*, DBT_*): the pickled
    manifest records what each read gave, and a change, or a variable set that was read unset, parses again."""
    import pickle

    from dbt.constants import DEFAULT_ENV_PLACEHOLDER
    from dbt.contracts.graph.manifest import Manifest

    from govinfo.dbt_child import _kept_manifest, _manifest_bytes

    kept = tmp_path / "manifest.pickle"
    assert _kept_manifest(kept) is None                       # none yet
    kept.write_bytes(b"not a pickle")
    assert _kept_manifest(kept) is None
    read = {"OFFICE_NAME": "格尔木", "OFFICE_CODE": DEFAULT_ENV_PLACEHOLDER}   # the second read unset
    kept.write_bytes(_manifest_bytes(Manifest(env_vars=read)))
    monkeypatch.setenv("OFFICE_NAME", "格尔木")
    monkeypatch.delenv("OFFICE_CODE", raising=False)
    assert _kept_manifest(kept).env_vars["OFFICE_NAME"] == "格尔木"
    monkeypatch.setenv("OFFICE_NAME", "德令哈")
    assert _kept_manifest(kept) is None
    monkeypatch.setenv("OFFICE_NAME", "格尔木")
    monkeypatch.setenv("OFFICE_CODE", "632801")
    assert _kept_manifest(kept) is None


def test_a_kept_manifest_comes_back_with_its_lookups_in_their_places(tmp_path):
    """dbt's own pickling of a Manifest leaves `fixtures` out, so lookups a parse built come back one field along
    (the source lookup a RefableLookup, and the build failing on its first ref): the kept manifest is its fields."""
    import pickle

    from dbt.contracts.graph.manifest import Manifest, RefableLookup, SourceLookup

    from govinfo.dbt_child import _kept_manifest, _manifest_bytes

    built = Manifest()
    assert isinstance(built.ref_lookup, RefableLookup) and isinstance(built.source_lookup, SourceLookup)
    assert not isinstance(pickle.loads(pickle.dumps(built)).source_lookup, SourceLookup)   # dbt's own, as found
    kept = tmp_path / "manifest.pickle"
    kept.write_bytes(_manifest_bytes(built))
    loaded = _kept_manifest(kept)
    assert loaded.fixtures == {} and isinstance(loaded.source_lookup, SourceLookup)
    assert isinstance(loaded.ref_lookup, RefableLookup)
