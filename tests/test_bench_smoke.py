"""The benchmark runs on the sample and writes every figure issue 7 asks for (its timings are not
checked here: they depend on the machine)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.pipeline

REPO = Path(__file__).resolve().parents[1]
KEYS = ("ingest_msgs_per_s", "parse_limit_msgs_per_s", "ingest_ratio", "warm_over_cold_ingest",
        "dbt_period_s_sample", "dbt_period_s_2000", "dbt_backfill_year_s_2000", "e2e_sample_warm_s",
        "e2e_sample_cold_s", "e2e_sample_warm_runs_s", "peak_rss_mb", "dag_parse_s", "cores", "git_commit", "targets",
        "airflow_period_over_cli", "make_test_s", "make_test_load_avg",
        "dbt_period_ratio_rich_scheme", "host_speed_start_s", "host_speed_end_s")


def test_bench_smoke_writes_the_figures(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--sample-only", "--out", str(out),
                           "--skip-suite", "--skip-airflow", "--skip-hostile", "--runs", "1",
                           "--data-dir", str(tmp_path / "data")],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(KEYS) <= results.keys()
    assert len(results["e2e_sample_warm_runs_s"]) == 1   # --runs 1
    for key in ("ingest_msgs_per_s_sample", "parse_limit_msgs_per_s_sample", "dbt_period_s_sample",
                "e2e_sample_cold_s", "e2e_sample_warm_s"):
        assert results[key] > 0, key
    assert results["host_speed_start_s"] > 0 and results["host_speed_end_s"] > 0
    assert results["dbt_period_s_2000"] is None   # the province is not generated in a smoke run
    assert results["make_test_s"] is None and results["airflow_period_over_cli"] is None   # skipped
    assert results["dbt_period_ratio_rich_scheme"] is None
    assert set(results["peak_rss_mb_sample"]) == {"ingest_cold", "validate", "dbt_period", "publish", "ingest_warm"}
    assert "ingest msg/s" in proc.stdout
    assert not list((tmp_path / "data").glob("run-*")), "scratch warehouses are removed"
