"""The same dbt models on a real PostgreSQL server: the same inputs give the same published files and marts."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import duckdb
import pytest
from builders import message, write_eml, write_workbook
from conftest import dbt_env
from pg_server import pg_database, postgres_server  # noqa: F401  (fixtures)

from devtools import unicode_classes
from govinfo import postgres
from govinfo.config import DBT_PROJECT, SAMPLE_INPUTS, Paths
from govinfo.dbt_functions import FUNCTIONS
from govinfo.pipeline import run_period

pytestmark = [pytest.mark.pipeline, pytest.mark.server]

# what differs between two builds of the same period: when, where and by which dbt run
BUILD_COLUMNS = "built_at, dbt_invocation_id, built_on"
# the text macros (dbt/macros/text_rules.sql) and the Python functions DuckDB runs for them
MACROS = {"text_key": "govinfo_key", "address_key": "govinfo_address_key", "title_key": "govinfo_title_key",
          "split_list": "govinfo_split", "strip_text": "govinfo_strip", "strip_tags": "govinfo_strip_tags",
          "strip_leading_tags": "govinfo_strip_leading_tags", "leading_tags": "govinfo_leading_tags"}
TEXTS = [None, "", " \t ", "\u3000格尔木农垦（集团）有限公司\u3000", " ＪＩＡ@Example.ORG ", "甲局、甲；乙 ,丙\n\n丁，",
         "【约稿3】【更正】 标题：春耕（二）！", "\t【x】\u00a0【 y 】title 【z】 ", "【未闭合 title", "a\u200bb\u00adc",
         "x\u001fy\u2028z\u0085", "😀＋￥•①Ⅻ½", "ﬁ ﬀ ㈱ ㍻", "《求是》“观点”——『评论』〔2024〕", "e\u0301 é", "\ue000私"]


def _run(inputs, folder, target):
    paths = Paths.resolve(inputs, folder / "wh" / "govinfo.duckdb", folder / "publish", target)
    started = time.monotonic()
    run_period(paths, "2024-05", progress=lambda _: None)
    return paths, time.monotonic() - started


def _marts(serving):
    with duckdb.connect(str(serving), read_only=True) as con:
        columns = con.execute("SELECT table_name, column_name, data_type FROM duckdb_columns() "
                              "WHERE schema_name = 'marts' ORDER BY table_name, column_index").fetchall()
        tables = sorted({table for table, _, _ in columns})
        rows = {t: con.execute(f"SELECT * {f'EXCLUDE ({BUILD_COLUMNS})' if t == 'periods' else ''} "
                               f"FROM marts.{t} ORDER BY ALL").fetchall() for t in tables}
    return columns, rows


def _comments(serving):
    """(table, column or None, comment) of every mart and mart column of a serving copy."""
    with duckdb.connect(str(serving), read_only=True) as con:
        return sorted(con.execute(
            "SELECT table_name, NULL, comment FROM duckdb_tables() WHERE schema_name = 'marts' UNION ALL "
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'marts'").fetchall(),
            key=lambda row: (row[0], row[1] or ""))


def _assert_same_publication(duck, pg):
    folder = "2024-05"
    for name in ("annex.csv", "rejected.csv"):
        assert (pg.publish_dir / folder / name).read_bytes() == (duck.publish_dir / folder / name).read_bytes(), name
    duck_columns, duck_rows = _marts(duck.serving)
    pg_columns, pg_rows = _marts(pg.serving)
    assert pg_columns == duck_columns  # the serving copy has the same types whichever target built it
    # and the same descriptions as comments, one on every mart and every mart column
    assert _comments(pg.serving) == _comments(duck.serving)
    assert [row for row in _comments(pg.serving) if not row[2]] == []
    for table, rows in duck_rows.items():
        assert pg_rows[table] == rows, table
    assert (pg.publish_dir / folder / "docs" / "catalog.json").read_text().count('"postgres"') > 0


def _unicode_inputs(inputs):
    """Titles, names and addresses whose keys need NFKC, 【】 tags, punctuation, symbols and odd spaces."""
    mail = inputs / "mail"
    write_eml(mail, "e.eml", message(sender="ＪＩＡ@Example.org", subject="【约稿3】\u3000两篇",
                                     attachments=[("【修改稿】甲局“春耕”进展（二）.docx", b"1"),
                                                  ("甲局＋农机￥补贴\t说明.pdf", b"2")]))
    write_eml(mail, "f.eml", message(sender="jia@example.org", subject="甲局 春耕进展(二)！", body="同题再报",
                                     date="Tue, 07 May 2024 09:00:00 +0800"))
    write_eml(mail, "g.eml", message(sender="nobody@qq.com", subject=" 【甲】【约稿3】甲局\u3000培训会议纪要",
                                     body="正文", date="Wed, 08 May 2024 09:00:00 +0800"))
    write_workbook(inputs / "sheets" / "reviews.xlsx", {"审核登记": [
        ["单位名称", "信息标题", "是否计入", "原因"], ["甲局", "甲局培训会议纪要", "是", "业务培训，计入"]]})
    write_workbook(inputs / "sheets" / "adoptions-2.xlsx", {"采用登记": [
        ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"],
        ["2024-05-20", "格尔木市甲局\u3000", "甲局“春耕”进展(二)", "州级", "信息", None, None],
        ["2024-06-20", "甲", "甲局+农机¥补贴 说明", "市", "动态", None, None]]})


def test_postgres_builds_the_marts_duckdb_builds(small_inputs, tmp_path, pg_database):
    _unicode_inputs(small_inputs)
    duck, duck_seconds = _run(small_inputs, tmp_path / "duckdb", "duckdb")
    pg, pg_seconds = _run(small_inputs, tmp_path / "postgres", "postgres")
    print(f"small inputs, 2024-05: duckdb {duck_seconds:.1f} s, postgres {pg_seconds:.1f} s")
    _assert_same_publication(duck, pg)
    with duckdb.connect(str(pg.serving), read_only=True) as con:
        ledger = dict(con.execute("SELECT item_ref, status FROM marts.submissions").fetchall())
        adopted = dict(con.execute("SELECT title, submission_ref FROM marts.adoptions").fetchall())
    # the keys worked: the body repeats the corrected document, the review counts a 培训 title, the
    # adoptions written with other punctuation and spaces found their documents
    assert ledger["mail/f.eml#body"] == "duplicate_title"
    assert ledger["mail/g.eml#body"] == "counted"
    assert adopted == {"甲局推进春耕": "mail/a.eml#part2", "甲局“春耕”进展(二)": "mail/e.eml#part2",
                       "甲局+农机¥补贴 说明": "mail/e.eml#part3"}
    # dbt's persist_docs put the descriptions on the server: every mart column has its comment in pg_description
    with postgres.connect() as server, server.cursor() as cur:
        cur.execute("SELECT c.table_name, c.column_name, col_description(format('%I.%I', c.table_schema, "
                    "c.table_name)::regclass, c.ordinal_position) FROM information_schema.columns AS c "
                    "WHERE c.table_schema = 'marts'")
        described = cur.fetchall()
        cur.execute("SELECT obj_description('marts.annex'::regclass, 'pg_class')")
        assert cur.fetchone()[0].startswith("附件")
    assert len(described) > 100 and [row for row in described if not row[2]] == []
    assert ("annex", "unit", "单位 — 表内名称 as the registry writes it") in described


@pytest.mark.skipif(not SAMPLE_INPUTS.is_dir(), reason="the bundled sample is not in this checkout")
def test_the_sample_annex_is_the_same_on_postgres(sample_build, tmp_path, pg_database):
    duck, _ = sample_build  # the DuckDB build of the sample, shared by the session (conftest.py)
    pg, pg_seconds = _run(SAMPLE_INPUTS, tmp_path / "postgres", "postgres")
    print(f"sample, 2024-05: postgres {pg_seconds:.1f} s")
    _assert_same_publication(duck, pg)


def test_a_database_that_sorts_text_otherwise_is_refused(postgres_server, monkeypatch):
    name = postgres_server.create_database("ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'zh' LOCALE 'C'")
    for key, value in postgres_server.settings(name).items():
        monkeypatch.setenv(key, value)
    con = postgres.connect()
    with con, con.cursor() as cur, pytest.raises(postgres.TargetError, match="sorted by code point"):
        postgres.check_database(cur)
    con.close()
    monkeypatch.setenv("PGPORT", "1")
    with pytest.raises(postgres.TargetError, match="cannot connect"):
        postgres.connect()


def _literal(text):
    return "cast(null as text)" if text is None else "'" + text.replace("'", "''") + "'"


def test_the_text_rules_on_postgres_are_pythons(pg_database, tmp_path):
    """Each macro compiled for PostgreSQL and run on the server gives what the DuckDB function gives."""
    values = ", ".join(f"({n}, {_literal(text)})" for n, text in enumerate(TEXTS))
    columns = ", ".join(f"{{{{ {macro}('v') }}}} as {macro}" for macro in MACROS)
    compiled = subprocess.run(
        [sys.executable, "-c", "from dbt.cli.main import cli; cli()", "compile", "--quiet", "--output", "json",
         "--inline", f"select {columns} from (values {values}) as t(n, v) order by n", "--target", "postgres",
         "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path)],
        capture_output=True, text=True, check=True, env=dbt_env())
    con = postgres.connect()
    with con, con.cursor() as cur:
        cur.execute(json.loads(compiled.stdout)["compiled"])
        rows = cur.fetchall()
    con.close()
    assert len(rows) == len(TEXTS)
    for text, row in zip(TEXTS, rows):
        python = tuple(FUNCTIONS[name][0](text) for name in MACROS.values())
        assert row == python, text


def test_the_postgres_character_classes_are_pythons():
    assert unicode_classes.MACROS.read_text(encoding="utf-8") == unicode_classes.macro_file()
