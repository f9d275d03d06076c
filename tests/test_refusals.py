"""The CLI refuses what would publish something wrong, runs one at a time, and ends every failure in one line
with exit 2: no mail/ folder, a period not ended, a period without messages (--allow-empty), delete-period,
a second run on the warehouse, a BI reader holding the warehouse file, a warehouse path that is no file,
a failed dbt test, an annex that breaks its suite, an empty marts.annex."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb

import pytest

from govinfo import pipeline
from govinfo.cli import main
from govinfo.run_lock import warehouse_lock

pytestmark = pytest.mark.pipeline


def _args(command, inputs, tmp_path, *extra):
    return [command, *extra, "--inputs", str(inputs), "--warehouse", str(tmp_path / "wh" / "g.duckdb"),
            "--publish-dir", str(tmp_path / "pub")]


def _error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert "Traceback" not in "\n".join(err)
    return err[-1]


def test_inputs_without_mail_are_refused(small_inputs, tmp_path, capsys):
    shutil.rmtree(small_inputs / "mail")
    assert main(_args("run", small_inputs, tmp_path, "--period", "2024-05")) == 2
    assert _error(capsys) == (f"govinfo: {small_inputs}: has no mail/ folder, so nothing would be counted and every "
                              "unit would be 不合格: put the office's messages in mail/ (or run with --allow-empty "
                              "if there truly are none)")
    assert not (tmp_path / "pub").exists()


def test_a_period_not_ended_is_refused(small_inputs, tmp_path, capsys):
    assert main(_args("run", small_inputs, tmp_path, "--period", "2099-01")) == 2
    assert "period 2099-01 (2099-01-01 – 2099-02-28) has not ended yet (today is" in _error(capsys)
    assert not (tmp_path / "pub").exists()


def test_an_empty_period_is_refused_published_with_allow_empty_and_deleted(small_inputs, tmp_path, capsys):
    assert main(_args("run", small_inputs, tmp_path, "--period", "2023-01")) == 2
    err = _error(capsys)
    assert "no message under" in err and "is dated in period 2023-01 (2023-01-01 – 2023-02-28)" in err
    assert not (tmp_path / "pub" / "2023-01").exists()
    assert main(_args("run", small_inputs, tmp_path, "--period", "2023-01", "--allow-empty")) == 0
    assert main(_args("run", small_inputs, tmp_path, "--period", "2024-05")) == 0
    assert (tmp_path / "pub" / "2023-01" / "annex.csv").is_file()
    capsys.readouterr()

    assert main(_args("delete-period", small_inputs, tmp_path, "2023-01")) == 0
    out = capsys.readouterr().out
    assert "marts.annex: 2 rows of 2023-01 deleted" in out
    assert [p.name for p in (tmp_path / "pub" / "2023-01").iterdir()] == ["history"]
    (kept,) = (tmp_path / "pub" / "2023-01" / "history").iterdir()
    assert (kept / "annex.csv").is_file() and "removed" in (kept / "changes.csv").read_text(encoding="utf-8")
    for database in ("g.duckdb", "g.serving.duckdb"):
        with duckdb.connect(str(tmp_path / "wh" / database), read_only=True) as con:
            periods = {p for (p,) in con.execute("SELECT DISTINCT period_id FROM marts.annex").fetchall()}
        assert periods == {"2024-05"}, database
    assert (tmp_path / "pub" / "2024-05" / "annex.csv").is_file()


def test_a_second_run_names_the_run_holding_the_warehouse(small_inputs, tmp_path, capsys):
    with warehouse_lock(tmp_path / "wh" / "g.duckdb", "govinfo run --period 2024-03"):
        assert main(_args("run", small_inputs, tmp_path, "--period", "2024-05", "--wait", "0")) == 2
    assert _error(capsys).startswith(f"govinfo: {tmp_path / 'wh' / 'g.duckdb'} is in use by pid {os.getpid()}, "
                                     "`govinfo run --period 2024-03`, started 20")
    # the holder gone, the lock is free again
    assert main(_args("ingest", small_inputs, tmp_path, "--wait", "0")) == 0


def test_a_reader_holding_the_warehouse_file_gets_a_sentence(small_inputs, tmp_path, capsys):
    assert main(_args("ingest", small_inputs, tmp_path)) == 0
    reader = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               f"con = duckdb.connect({str(tmp_path / 'wh' / 'g.duckdb')!r}, read_only=True); "
                               "print('open', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        assert main(_args("run", small_inputs, tmp_path, "--period", "2024-05")) == 2
    finally:
        reader.kill()
        reader.wait()
    err = _error(capsys)
    assert err.startswith(f"govinfo: {tmp_path / 'wh' / 'g.duckdb'} is open in another program (pid {reader.pid}, `")
    assert err.endswith("close it and run again; BI tools and shells should read the serving copy beside it, "
                        "never the warehouse")


def test_a_warehouse_that_is_a_folder_ends_in_one_line(small_inputs, tmp_path, capsys):
    (tmp_path / "wh" / "g.duckdb").mkdir(parents=True)
    assert main(_args("ingest", small_inputs, tmp_path)) == 2
    assert _error(capsys).startswith("govinfo: ")


def _tamper_after(monkeypatch, step: str, sql: str) -> None:
    """The real pipeline step, then sql on the warehouse: a state the inputs alone cannot produce."""
    real = getattr(pipeline, step)

    def tampered(paths, *args, **kwargs):
        result = real(paths, *args, **kwargs)
        with duckdb.connect(str(paths.warehouse)) as con:
            con.execute(sql)
        return result

    monkeypatch.setattr(pipeline, step, tampered)


@pytest.mark.parametrize("step, sql, cause", [
    # a message landed twice: dbt's key test on the staged messages fails
    ("validate_step", "INSERT INTO raw.mail_messages SELECT * FROM raw.mail_messages LIMIT 1",
     "govinfo: dbt build for 2024-05 failed: Failure in test unique_key_stg_mail_messages_source_file"),
    ("transform_step", "UPDATE marts.annex SET submitted = submitted + 1 WHERE period_id = '2024-05'",
     "govinfo: marts.annex for 2024-05 breaks its suite, so nothing is published: "
     "expect_column_sum_to_be_between(submitted) failed;"),
    ("transform_step", "DELETE FROM marts.annex WHERE period_id = '2024-05'",
     "govinfo: marts.annex has no rows for period 2024-05, so there is nothing to publish: run the whole period "
     "(govinfo run --period 2024-05)"),
], ids=["dbt test", "annex suite", "empty marts.annex"])
def test_a_failed_build_ends_in_one_line_naming_its_cause(step, sql, cause, monkeypatch, small_inputs, tmp_path,
                                                            capsys):
    _tamper_after(monkeypatch, step, sql)
    assert main(_args("run", small_inputs, tmp_path, "--period", "2024-05")) == 2
    assert _error(capsys).startswith(cause)
    assert not (tmp_path / "pub" / "2024-05").exists()
