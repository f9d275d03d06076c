#!/usr/bin/env bash
# `make airflow`: Airflow 3 on this machine, no Docker (docs/airflow.md). Sets up a home in .airflow/ (or
# $AIRFLOW_HOME), migrates its sqlite metadata DB (no pool to create), then runs `airflow standalone`
# (api-server, scheduler, dag-processor, triggerer) in the foreground; Ctrl-C stops it.
#   --init-only               the set-up only
#   --backfill FROM TO        the set-up, then a backfill of the runs of months FROM…TO (YYYY-MM, Shanghai),
#                             one run at a time, re-running completed ones; the running standalone executes it
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$repo/.venv/bin:$PATH"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$repo/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$repo/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DEFAULT_TIMEZONE=Asia/Shanghai
export AIRFLOW__CORE__EXECUTOR=LocalExecutor
# Airflow's processes do not start in the repository: absolute paths
export GOVINFO_INPUTS="${GOVINFO_INPUTS:-$repo/samples/golmud-2024}"
export GOVINFO_WAREHOUSE="${GOVINFO_WAREHOUSE:-$repo/warehouse/govinfo.duckdb}"
export GOVINFO_PUBLISH_DIR="${GOVINFO_PUBLISH_DIR:-$repo/publish}"
mkdir -p "$AIRFLOW_HOME"
airflow db migrate >/dev/null
echo "airflow: home $AIRFLOW_HOME, DAGs $AIRFLOW__CORE__DAGS_FOLDER"
echo "airflow: inputs $GOVINFO_INPUTS, warehouse $GOVINFO_WAREHOUSE, publish $GOVINFO_PUBLISH_DIR"
echo "airflow: UI http://localhost:${AIRFLOW__API__PORT:-8080}, user admin, password in $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated"
case "${1:-}" in
  --init-only) exit 0 ;;
  --backfill)
    [ $# -eq 3 ] || { echo "usage: $0 --backfill FROM TO (months YYYY-MM)" >&2; exit 2; }
    # a backfill does not take the DAG's max_active_runs=1 (Airflow's default for it is 10): always give 1
    exec airflow backfill create --dag-id govinfo_bimonthly --from-date "$2-01T00:00:00+08:00" \
      --to-date "$3-01T00:00:00+08:00" --reprocess-behavior completed --max-active-runs 1 ;;
esac
exec airflow standalone
