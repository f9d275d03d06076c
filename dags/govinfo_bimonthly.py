"""govinfo's scheduled run: one DAG run per calendar month, ingest → validate → period → dbt build → publish.

The scheme's 考核周期 (月, 双月, 季度, 半年 or 年, per year) is data the DAG cannot know at parse time, so it
runs after every month and the `period` task asks the scheme which period, if any, ended with that month:
that period is built and published; a month that ends none skips the rest. Each task calls the
govinfo.pipeline step the CLI uses. govinfo is imported inside the tasks so that parsing this file stays
cheap. Paths come from GOVINFO_INPUTS / GOVINFO_WAREHOUSE / GOVINFO_PUBLISH_DIR, as for the CLI;
GOVINFO_START_DATE (default 2024-01-01) starts the catch-up.
"""
from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import CronDataIntervalTimetable, dag, task

TZ = "Asia/Shanghai"
# While one process writes the DuckDB file no other may open it, even to read: every task takes the one slot.
POOL = "govinfo_duckdb"
# Passing causes (a warehouse file still locked, a worker lost) are retried with growing delays;
# structural input errors become AirflowFailException, which Airflow never retries.
TASK_DEFAULTS = {
    "pool": POOL,
    "retries": 3,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=30),
}


def _month(data_interval_start):
    # context datetimes are UTC: 2024-01-01 00:00 in Shanghai is 2023-12-31 16:00Z
    return data_interval_start.in_timezone(TZ).date()


def _run_step(step, *args):
    from airflow.sdk.exceptions import AirflowFailException
    from ingestion.errors import InputError

    try:
        return step(*args)
    except InputError as exc:
        raise AirflowFailException(str(exc)) from exc


@dag(
    dag_id="govinfo_bimonthly",
    schedule=CronDataIntervalTimetable("0 0 1 * *", timezone=TZ),
    start_date=pendulum.parse(os.environ.get("GOVINFO_START_DATE") or "2024-01-01", tz=TZ),
    catchup=True,
    max_active_runs=1,
    default_args=TASK_DEFAULTS,
    tags=["govinfo"],
    doc_md=__doc__,
)
def govinfo_bimonthly():
    @task
    def ingest() -> list[str]:
        from govinfo import pipeline
        from govinfo.config import Paths

        return _run_step(pipeline.ingest_step, Paths.resolve()).lines()

    @task
    def validate() -> list[str]:
        from govinfo import pipeline
        from govinfo.config import Paths

        return _run_step(pipeline.validate_step, Paths.resolve()).lines()

    @task
    def period(data_interval_start=None) -> str:
        from airflow.sdk.exceptions import AirflowSkipException
        from govinfo import pipeline
        from govinfo.config import Paths

        month = _month(data_interval_start)
        period_id = _run_step(pipeline.period_ending_with, Paths.resolve(), month)
        if period_id is None:
            raise AirflowSkipException(f"no period of the scheme ends with {month:%Y-%m}")
        return period_id

    @task
    def dbt_build(period_id: str) -> str:
        from govinfo import pipeline
        from govinfo.config import Paths

        _run_step(pipeline.transform_step, Paths.resolve(), period_id)
        return period_id

    @task
    def publish(period_id: str) -> str:
        from govinfo import pipeline
        from govinfo.config import Paths

        return str(_run_step(pipeline.publish_step, Paths.resolve(), period_id))

    ended = period()
    ingest() >> validate() >> ended
    publish(dbt_build(ended))


govinfo_bimonthly()
