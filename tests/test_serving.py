"""<warehouse>.serving.duckdb, the copy BI tools read: a reader never blocks a run nor sees a period half-built, a
failed run leaves it as it was, it holds only what BI may see (the marts, commented, and bi_zh), and it reads
through SQLAlchemy (duckdb-engine, read-only) and as Parquet."""
from __future__ import annotations

import csv
import hashlib
import json
import re
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

pytestmark = pytest.mark.pipeline

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


def test_a_reader_holding_the_serving_copy_never_blocks_a_run(small_copy, tmp_path):
    paths, small_inputs = small_copy, small_copy.inputs   # 2024-05 run on small inputs (conftest.py)
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
    print(f"run of 2024-07 with a reader holding the serving copy: {seconds:.1f} s")
    # each period says from which inputs it was built: a SHA-256 over the files' paths and SHA-256s
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        files = con.execute("SELECT source_file, sha256 FROM raw.source_files ORDER BY source_file").fetchall()
    with duckdb.connect(str(paths.serving), read_only=True) as con:
        fingerprints = dict(con.execute("SELECT period_id, inputs_sha256 FROM marts.periods").fetchall())
    assert fingerprints["2024-07"] == hashlib.sha256("\n".join(f"{f} {h}" for f, h in files).encode()).hexdigest()
    assert fingerprints["2024-05"] != fingerprints["2024-07"]


def test_a_failed_run_leaves_the_serving_copy_as_it_was(small_copy, tmp_path):
    paths, small_inputs = small_copy, small_copy.inputs   # 2024-05 run on small inputs (conftest.py)
    before = _digest(paths.serving)
    write_eml(small_inputs / "mail", "july.eml", message(sender="yi@example.org", subject="乙局七月简报", body="x",
                                                         date="Mon, 08 Jul 2024 10:00:00 +0800"))

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
    assert sorted(p.name for p in paths.serving.parent.iterdir()) == [
        "govinfo.dbt-state", "govinfo.duckdb", "govinfo.serving.duckdb"]
    assert _periods(paths.serving) == ["2024-05"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One unit, one counted message and one from a stranger, published for 2024-05."""
    root = tmp_path_factory.mktemp("served")
    inputs = root / "inputs"
    write_workbook(inputs / "sheets" / "registry.xlsx",
                   registry([["格尔木市统计局", "市统计局", "统计局", "tj@example.org", None]]))
    write_eml(inputs / "mail", "a.eml", message(sender="tj@example.org", subject="统计局发布五月数据", body="正文"))
    write_eml(inputs / "mail", "b.eml", message(sender="stranger@qq.com", subject="你好", body="推销正文",
                                                headers={"Message-ID": "<x1@qq.com>"}))
    paths = _paths(inputs, root)
    run_period(paths, "2024-05", progress=lambda _: None)
    return paths


def test_sqlalchemy_reads_the_annex_read_only(served):
    with open(served.publish_dir / "2024-05" / "annex.csv", encoding="utf-8-sig") as handle:
        published = [(row["unit"], int(row["submitted"]), int(row["points"]), row["verdict"])
                     for row in csv.DictReader(handle)]
    query = sqlalchemy.text("SELECT unit, submitted, points, verdict FROM marts.annex "
                            "WHERE period_id = :period ORDER BY position")
    # as docs/bi.md tells Superset: the URI plus connect_args, or the URI with the DuckDB setting in its query
    for engine in (sqlalchemy.create_engine(f"duckdb:///{served.serving}", connect_args={"read_only": True}),
                   sqlalchemy.create_engine(f"duckdb:///{served.serving}?access_mode=read_only")):
        with engine.connect() as con:
            assert [tuple(row) for row in con.execute(query, {"period": "2024-05"})] == published
            # the Chinese views read the same rows without govinfo's Python functions
            assert [tuple(row) for row in con.execute(sqlalchemy.text(
                'SELECT 单位, 本期报送, 本期积分, 是否合格 FROM bi_zh.annex WHERE 期间 = :period ORDER BY 序号'),
                {"period": "2024-05"})] == published
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


def _text_cells(con, schema):
    """Every non-null text value of every table in the schema, with where it is."""
    cells = []
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = ? "
                                     "AND data_type = 'VARCHAR' ORDER BY ALL", [schema]).fetchall():
        cells += [(table, column, value) for (value,) in con.execute(
            f'SELECT DISTINCT "{column}" FROM {schema}."{table}" WHERE "{column}" IS NOT NULL').fetchall()]
    return cells


def test_the_serving_copy_holds_only_the_marts_commented_and_without_mail(served):
    with duckdb.connect(str(served.serving), read_only=True) as con:
        schemas = {row[0] for row in con.execute("SELECT DISTINCT schema_name FROM duckdb_tables() "
                                                 "UNION SELECT schema_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert schemas == {"marts", "bi_zh"}
        # every mart and every column of it carries its dbt description
        tables = con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall()
        assert {"annex", "submissions", "adoptions", "rejected", "unit_months", "periods"} <= {t for t, _ in tables}
        assert [t for t, comment in tables if not comment] == []
        columns = con.execute("SELECT table_name, column_name, comment FROM duckdb_columns() "
                              "WHERE schema_name = 'marts'").fetchall()
        assert [(t, c) for t, c, comment in columns if not comment] == []
        assert ("annex", "verdict", "是否合格 — 合格 or 不合格 (the office's 考核调整 when it set one)") in columns
        served_cells = _text_cells(con, "marts")
        sources = con.execute("SELECT source_file, message_id FROM marts.rejected WHERE reason = 'unknown_sender'"
                              ).fetchall()
    with duckdb.connect(str(served.warehouse), read_only=True) as con:
        warehouse_cells = _text_cells(con, "marts")
        sender, body = con.execute("SELECT from_address, body_text FROM raw.mail_messages "
                                   "WHERE source_file LIKE '%b.eml'").fetchone()
    # the warehouse's ledger names the stranger; the serving copy keeps the source, not the address
    assert any(sender in value for _, _, value in warehouse_cells)
    assert [cell for cell in served_cells if sender in cell[2] or body in cell[2]] == []
    assert sources == [("mail/b.eml", "<x1@qq.com>")]
    assert ("rejected", "detail", "From (地址不公开) is not a 报送邮箱 of the registry and the subject names no unit "
            "in 【】") in served_cells


def test_bi_zh_names_every_mart_column_in_chinese(served):
    with duckdb.connect(str(served.serving), read_only=True) as con:
        marts = con.execute("SELECT table_name, list(column_name ORDER BY column_index), "
                            "list(comment ORDER BY column_index) FROM duckdb_columns() "
                            "WHERE schema_name = 'marts' GROUP BY 1 ORDER BY 1").fetchall()
        views = dict(con.execute("SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
                                 "WHERE schema_name = 'bi_zh' GROUP BY 1").fetchall())
        assert sorted(views) == [table for table, _, _ in marts]
        for table, columns, comments in marts:
            # each column under a Chinese label of its own, the one its description starts with
            assert len(set(views[table])) == len(columns), table
            assert [name for name in views[table] if not re.search(r"[\u4e00-\u9fff]", name)] == [], table
            assert [c.startswith(name.split("_")[0]) for c, name in zip(comments, views[table])] == [True] * len(columns)
            assert (con.execute(f"SELECT * FROM bi_zh.{table} ORDER BY ALL").fetchall()
                    == con.execute(f"SELECT {', '.join(columns)} FROM marts.{table} ORDER BY ALL").fetchall())
        # the scheme's adoption columns are named from its kinds and levels, as the annex headers are
        assert {"单位", "本期报送", "累计报送", "信息采用_省_本期", "动态采用_市_累计", "本期积分", "累计积分",
                "是否合格"} <= set(views["annex"])
        # the views hold their descriptions too
        assert con.execute("SELECT comment FROM duckdb_columns() WHERE schema_name = 'bi_zh' AND table_name = 'annex' "
                           "AND column_name = '单位'").fetchone()[0].startswith("单位 — ")


def test_sqlalchemy_inspects_the_serving_copy_as_bi_tools_do(served):
    # SQLAlchemy 2.1 reflects columns through pg_catalog.pg_collation, which DuckDB lacks: constraints.txt pins 2.0
    engine = sqlalchemy.create_engine(f"duckdb:///{served.serving}", connect_args={"read_only": True})
    try:
        inspector = sqlalchemy.inspect(engine)
        # duckdb-engine names schemas with their database (the file's name up to its first dot)
        assert {"govinfo.marts", "govinfo.bi_zh"} <= set(inspector.get_schema_names())
        assert {"annex", "submissions", "periods"} <= set(inspector.get_table_names(schema="marts"))
        assert "annex" in inspector.get_view_names(schema="bi_zh")
        columns = inspector.get_columns("annex", schema="marts")
        assert {"period_id", "unit", "info_province", "points"} <= {c["name"] for c in columns}
        assert {c["name"]: c["comment"] for c in columns}["unit"] == "单位 — 表内名称 as the registry writes it"
        assert {"期间", "单位", "信息采用_省_本期"} <= {c["name"] for c in inspector.get_columns("annex", schema="bi_zh")}
    finally:
        engine.dispose()


def test_two_warehouses_in_one_folder_stay_apart(served, small_inputs, tmp_path, capsys):
    before = _digest(served.serving)
    other = Paths.resolve(small_inputs, served.warehouse.with_name("other.duckdb"), tmp_path / "publish")
    run_period(other, "2024-05", progress=lambda _: None)
    assert other.serving == served.warehouse.with_name("other.serving.duckdb")
    assert _digest(served.serving) == before
    names = {p.name for p in served.warehouse.parent.iterdir()}
    assert {"govinfo.dbt-state", "other.dbt-state", "govinfo.serving.duckdb", "other.serving.duckdb"} <= names
    units = {}
    for paths in (served, other):
        out = tmp_path / paths.warehouse.stem
        assert main(["export-parquet", "--warehouse", str(paths.warehouse), "--out", str(out)]) == 0
        units[paths.warehouse.stem] = sorted(
            row[0] for row in duckdb.execute(f"SELECT unit FROM read_parquet('{out / 'annex.parquet'}')").fetchall())
    assert units == {"govinfo": ["市统计局"], "other": ["市乙局", "市甲局"]}
