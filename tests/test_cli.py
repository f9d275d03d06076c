"""The command line: exit codes and messages a clerk can act on, the summary on stdout."""
from __future__ import annotations

import pytest

from govinfo.cli import main

pytestmark = pytest.mark.pipeline


def test_a_period_id_of_no_form_is_refused_before_anything_is_read(capsys, tmp_path):
    assert main(["run", "--period", "2024-13", "--warehouse", str(tmp_path / "g.duckdb")]) == 2
    assert "period '2024-13' is not a period id: YYYY-MM (月, 双月), YYYY-Qn (季度)" in capsys.readouterr().err
    assert not (tmp_path / "g.duckdb").exists()


def test_a_period_of_another_form_than_the_years_is_refused_naming_the_form(capsys, small_inputs, tmp_path):
    args = ["--inputs", str(small_inputs), "--warehouse", str(tmp_path / "g.duckdb"), "--publish-dir", str(tmp_path / "p")]
    assert main(["run", "--period", "2024-06", *args]) == 2
    assert ("period '2024-06' is not a period of 2024, whose 考核周期 is 双月: expected YYYY-MM with an odd month"
            in capsys.readouterr().err)
    assert main(["backfill", "--from", "2024-01", "--to", "2024-Q2", *args]) == 2
    assert "period '2024-Q2' is not a period of 2024, whose 考核周期 is 双月" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_missing_inputs_folder_is_named(capsys, tmp_path):
    assert main(["ingest", "--inputs", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "g.duckdb")]) == 2
    assert f"{tmp_path / 'nowhere'}: inputs folder not found" in capsys.readouterr().err


def test_run_prints_the_summary_and_environment_variables_set_the_paths(capsys, monkeypatch, small_inputs, tmp_path):
    monkeypatch.setenv("GOVINFO_INPUTS", str(small_inputs))
    monkeypatch.setenv("GOVINFO_WAREHOUSE", str(tmp_path / "env-wh" / "g.duckdb"))
    monkeypatch.setenv("GOVINFO_PUBLISH_DIR", str(tmp_path / "env-pub"))
    assert main(["run", "--period", "2024-05"]) == 0
    out = capsys.readouterr().out
    assert "units: 合格 1, 不合格 1" in out
    assert "messages: 4 read = 3 used + 0 skipped + 1 rejected" in out
    assert (tmp_path / "env-pub" / "2024-05" / "annex.csv").is_file()
    assert (tmp_path / "env-wh" / "g.duckdb").is_file()


def test_validate_lists_each_rejected_row_and_stops_on_structure(capsys, small_inputs, tmp_path):
    args = ["validate", "--period", "2024-05", "--inputs", str(small_inputs), "--warehouse", str(tmp_path / "g.duckdb")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert ("sheets/adoptions.xlsx / sheet 采用登记 / row 4: unknown_unit — 单位名称 “市气象局” is not a 单位名称, "
            "表内名称 or 别名 of 单位名册 (or names several units)") in out
    (small_inputs / "sheets" / "registry.xlsx").unlink()
    assert main(args) == 2
    assert "no workbook has a sheet named 单位名册" in capsys.readouterr().err
