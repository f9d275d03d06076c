"""Apache Superset, a real BI tool, reads the sample's serving copy through its REST API: the DuckDB connection
tests OK, marts.annex becomes a dataset whose columns carry the dbt descriptions, a chart query gives the annex's
figures, and the shipped dashboard (bi/superset/) imports and queries. Superset runs from .venv-superset
(tests/superset_server.py), installed on the first run only."""
from __future__ import annotations

import csv
import io
import json
import sys
import zipfile

import duckdb
import pytest
from superset_server import REPO, superset  # noqa: F401  (fixture)

sys.path.insert(0, str(REPO / "bi" / "superset"))
from bundle import bundle  # noqa: E402

pytestmark = [pytest.mark.pipeline, pytest.mark.server]  # runs the sample, starts Superset
READ_ONLY = json.dumps({"engine_params": {"connect_args": {"read_only": True}}})


@pytest.fixture(scope="module")
def sample(sample_build):
    paths, _ = sample_build  # built once for the session (conftest.py); only read here
    with open(paths.publish_dir / "2024-05" / "annex.csv", encoding="utf-8-sig") as handle:
        points = {row["unit"]: int(row["points"]) for row in csv.DictReader(handle)}
    return paths, points


def _points_by_unit(api, dataset_id: int, period_id: str) -> dict[str, int]:
    """The chart query of the ranking: SUM(points) per unit for one period."""
    metric = {"expressionType": "SIMPLE", "column": {"column_name": "points"}, "aggregate": "SUM", "label": "积分"}
    result = api.call("POST", "/api/v1/chart/data", json={
        "datasource": {"id": dataset_id, "type": "table"}, "force": True, "result_format": "json",
        "result_type": "full", "queries": [{"columns": ["unit"], "metrics": [metric], "row_limit": 10000,
                                            "filters": [{"col": "period_id", "op": "==", "val": period_id}]}]})
    assert result["result"][0]["status"] == "success", result
    return {row["unit"]: row["积分"] for row in result["result"][0]["data"]}


def test_superset_reads_the_annex_of_the_serving_copy(superset, sample):
    api, (paths, published) = superset, sample
    uri = f"duckdb:///{paths.serving}"
    assert api.call("POST", "/api/v1/database/test_connection/",
                    json={"sqlalchemy_uri": uri, "database_name": "govinfo test", "extra": READ_ONLY}) == {"message": "OK"}
    database = api.call("POST", "/api/v1/database/", expect=201,
                        json={"sqlalchemy_uri": uri, "database_name": "govinfo test", "extra": READ_ONLY})["id"]
    schemas = api.call("GET", f"/api/v1/database/{database}/schemas/")["result"]
    assert {"govinfo.marts", "govinfo.bi_zh"} <= set(schemas) and not [s for s in schemas if "raw" in s]
    dataset = api.call("POST", "/api/v1/dataset/", expect=201,
                       json={"database": database, "schema": "marts", "table_name": "annex"})["id"]
    try:
        columns = api.call("GET", f"/api/v1/dataset/{dataset}")["result"]["columns"]
        with duckdb.connect(str(paths.serving), read_only=True) as con:
            comments = dict(con.execute("SELECT column_name, comment FROM duckdb_columns() "
                                        "WHERE schema_name = 'marts' AND table_name = 'annex'").fetchall())
        # each column shows its dbt description
        assert {c["column_name"]: c["description"] for c in columns} == comments
        assert _points_by_unit(api, dataset, "2024-05") == published
    finally:
        # Superset's SQLite metadata store allows one dataset per table name: the dashboard test imports its own
        api.call("DELETE", f"/api/v1/dataset/{dataset}")
        api.call("DELETE", f"/api/v1/database/{database}")


def test_the_shipped_dashboard_imports_and_queries_the_serving_copy(superset, sample, tmp_path):
    api, (paths, published) = superset, sample
    api.call("POST", "/api/v1/dashboard/import/", data={"overwrite": "true", "passwords": "{}"},
             files={"formData": ("govinfo_dashboard.zip", io.BytesIO(bundle(paths.serving)), "application/zip")})
    dashboard = api.call("GET", "/api/v1/dashboard/govinfo")["result"]
    charts = {c["slice_name"]: c for c in api.call("GET", f"/api/v1/dashboard/{dashboard['id']}/charts")["result"]}
    assert sorted(charts) == sorted(["附件 统计表", "积分排名", "各级采用", "各期趋势", "合格占比"])
    # the imported database is the serving copy, read-only; the ranking's dataset gives the annex's points
    database = next(d for d in api.call("GET", "/api/v1/database/")["result"] if d["database_name"] == "govinfo")
    assert api.call("GET", f"/api/v1/database/{database['id']}/connection")["result"]["sqlalchemy_uri"] \
        == f"duckdb:///{paths.serving}"
    ranking = api.call("GET", f"/api/v1/chart/{charts['积分排名']['id']}")["result"]
    dataset = json.loads(ranking["params"])["datasource"].split("__")[0]
    assert _points_by_unit(api, int(dataset), "2024-05") == published
    # every chart of the dashboard runs its own saved query against the file
    for name, chart in charts.items():
        form = json.loads(api.call("GET", f"/api/v1/chart/{chart['id']}")["result"]["params"])
        data = api.call("POST", "/api/v1/chart/data", json={
            "datasource": {"id": int(form["datasource"].split("__")[0]), "type": "table"},
            "form_data": form, "queries": [_query(form)], "result_format": "json", "result_type": "full"})
        assert data["result"][0]["status"] == "success" and data["result"][0]["rowcount"] > 0, name
    assert zipfile.ZipFile(io.BytesIO(bundle(paths.serving))).namelist()  # the bundle is a real zip


def _query(form: dict) -> dict:
    """The query a chart's form data asks for (the shapes the shipped charts use)."""
    metrics = form.get("metrics") or ([form["metric"]] if form.get("metric") else [])
    columns = form.get("all_columns") or ([form["x_axis"]] if form.get("x_axis") else []) + form.get("groupby", [])
    filters = [{"col": f["subject"], "op": f["operator"]} for f in form.get("adhoc_filters", [])]
    return {"columns": columns, "metrics": metrics, "filters": filters, "row_limit": 1000}
