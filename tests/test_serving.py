"""serving.duckdb, the copy BI tools read: a reader never blocks a run nor sees a period half-built, a failed
run leaves it as it was, and it reads through SQLAlchemy (duckdb-engine, read-only) and as Parquet."""
from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import time

import duckdb
import pytest
import sqlalchemy
from builders import message, registry, write_eml, write_workbook

from govinfo.cli import main
from govinfo.config import Paths
from govinfo.pipeline import run_period
from ingestion.errors import InputError

# a dashboard: holds the file open read-only and keeps querying until told to stop
READER = """
import json, os, sys, time
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
seen = set()
print("ready", flush=True)
while not os.path.exists(sys.argv[2]):
    seen.add(con.execute("SELECT string_agg(period_id, ',' ORDER BY period_id) || ':' || "
                         "(SELECT count(*) FROM marts.annex) FROM marts.periods").fetchone()[0])
    time.sleep(0.02)
print(json.dumps(sorted(seen)))
"""


def _paths(inputs, tmp_path):
    return Paths.resolve(inputs, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")


def _periods(serving):
    with duckdb.connect(str(serving), read_only=True) as con:
        return [row[0] for row in con.execute("SELECT period_id FROM marts.periods ORDER BY 1").fetchall()]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_reader_holding_the_serving_copy_never_blocks_a_run(small_inputs, tmp_path):
    paths = _paths(small_inputs, tmp_path)
    run_period(paths, "2024-05", progress=lambda _: None)
    stop = tmp_path / "stop-reading"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(paths.serving), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "ready"
        write_eml(small_inputs / "mail", "july.eml", message(sender="yi@example.org", subject="乙局七月简报", body="x",
                                                             date="Mon, 08 Jul 2024 10:00:00 +0800"))
        started = time.monotonic()
        run_period(paths, "2024-07", progress=lambda _: None)
        seconds = time.monotonic() - started
        assert reader.poll() is None  # it held the previous file open through the whole run
        stop.touch()
        out, err = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert reader.returncode == 0, err
    # all along the reader saw the complete previous state: one period, its two units
    assert json.loads(out) == ["2024-05:2"]
    assert _periods(paths.serving) == ["2024-05", "2024-07"]
    print(f"run of 2024-07 with a reader holding serving.duckdb: {seconds:.1f} s")
    # each period says from which inputs it was built: a SHA-256 over the files' paths and SHA-256s
    with duckdb.connect(str(paths.serving), read_only=True) as con:
        files = con.execute("SELECT source_file, sha256 FROM raw.source_files ORDER BY source_file").fetchall()
        fingerprints = dict(con.execute("SELECT period_id, inputs_sha256 FROM marts.periods").fetchall())
    assert fingerprints["2024-07"] == hashlib.sha256("\n".join(f"{f} {h}" for f, h in files).encode()).hexdigest()
    assert fingerprints["2024-05"] != fingerprints["2024-07"]


def test_a_failed_run_leaves_the_serving_copy_as_it_was(small_inputs, tmp_path):
    paths = _paths(small_inputs, tmp_path)
    run_period(paths, "2024-05", progress=lambda _: None)
    before = _digest(paths.serving)

    # a structural error in the inputs stops the run before dbt
    registry_book = small_inputs / "sheets" / "registry.xlsx"
    kept = registry_book.read_bytes()
    registry_book.unlink()
    with pytest.raises(InputError, match="单位名册"):
        run_period(paths, "2024-07", progress=lambda _: None)
    assert _digest(paths.serving) == before

    # a failure while publishing, after the new copy was written: the publish folder cannot be created
    registry_book.write_bytes(kept)
    blocked = Paths.resolve(paths.inputs, paths.warehouse, tmp_path / "not-a-folder")
    blocked.publish_dir.write_text("a file where the publish folder should be")
    with pytest.raises(OSError):
        run_period(blocked, "2024-07", progress=lambda _: None)
    assert _digest(paths.serving) == before
    assert sorted(p.name for p in paths.serving.parent.iterdir()) == ["dbt-state", "govinfo.duckdb", "serving.duckdb"]
    assert _periods(paths.serving) == ["2024-05"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One unit, one counted message, published for 2024-05."""
    root = tmp_path_factory.mktemp("served")
    inputs = root / "inputs"
    write_workbook(inputs / "sheets" / "registry.xlsx",
                   registry([["格尔木市统计局", "市统计局", "统计局", "tj@example.org", None]]))
    write_eml(inputs / "mail", "a.eml", message(sender="tj@example.org", subject="统计局发布五月数据", body="正文"))
    paths = _paths(inputs, root)
    run_period(paths, "2024-05", progress=lambda _: None)
    return paths


def test_sqlalchemy_reads_the_annex_read_only(served):
    with open(served.publish_dir / "2024-05" / "annex.csv", encoding="utf-8") as handle:
        published = [(row["unit"], int(row["submitted"]), int(row["points"]), row["verdict"])
                     for row in csv.DictReader(handle)]
    query = sqlalchemy.text("SELECT unit, submitted, points, verdict FROM marts.annex "
                            "WHERE period_id = :period ORDER BY position")
    # as docs/bi.md tells Superset: the URI plus connect_args, or the URI with the DuckDB setting in its query
    for engine in (sqlalchemy.create_engine(f"duckdb:///{served.serving}", connect_args={"read_only": True}),
                   sqlalchemy.create_engine(f"duckdb:///{served.serving}?access_mode=read_only")):
        with engine.connect() as con:
            assert [tuple(row) for row in con.execute(query, {"period": "2024-05"})] == published
            # tables only: nothing a reader without govinfo's Python functions could not read
            assert con.execute(sqlalchemy.text("SELECT count(*) FROM duckdb_views() WHERE NOT internal")).scalar() == 0
            with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
                con.execute(sqlalchemy.text("DELETE FROM marts.annex"))
        engine.dispose()


def test_every_mart_exports_to_parquet(served, tmp_path, capsys):
    assert main(["export-parquet", "--warehouse", str(served.warehouse), "--out", str(tmp_path / "parquet")]) == 0
    written = capsys.readouterr().out.split()
    with duckdb.connect(str(served.serving), read_only=True) as con:
        marts = [row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1").fetchall()]
        assert {"annex", "submissions", "adoptions", "unit_months", "periods"} <= set(marts)
        assert written == [str(tmp_path / "parquet" / f"{table}.parquet") for table in marts]
        for table, path in zip(marts, written):
            assert (con.execute(f"SELECT * FROM read_parquet('{path}') ORDER BY ALL").fetchall()
                    == con.execute(f"SELECT * FROM marts.{table} ORDER BY ALL").fetchall()), table
    assert main(["export-parquet", "--warehouse", str(tmp_path / "none" / "g.duckdb"), "--out", str(tmp_path)]) == 2


def test_the_docs_site_is_published_with_the_period(served):
    docs = served.publish_dir / "2024-05" / "docs"
    assert sorted(p.name for p in docs.iterdir()) == ["catalog.json", "index.html", "manifest.json"]
    manifest = json.loads((docs / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    ledger = manifest["nodes"]["model.govinfo.submissions"]
    assert ledger["contract"]["enforced"] and ledger["columns"]["status"]["description"].startswith("状态")
    assert "counted" in catalog["nodes"]["model.govinfo.submissions"]["columns"]
    # the single page has manifest and catalog inside: it opens from the folder, offline
    assert "model.govinfo.unit_months" in (docs / "index.html").read_text(encoding="utf-8")
