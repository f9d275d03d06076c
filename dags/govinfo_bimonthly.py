"""govinfo's scheduled run: one DAG run per calendar month, ingest → validate → period → dbt build → serve → publish.

The scheme's 考核周期 (月, 双月, 季度, 半年 or 年, per year) is data the DAG cannot know at parse time, so it
runs after every month and the `period` task asks the scheme which period, if any, ended with that month:
that period is built and published; a month that ends none skips the rest. Each task calls the
govinfo.pipeline step the CLI uses. govinfo is imported inside the tasks so that parsing this file stays
cheap. Paths come from GOVINFO_INPUTS / GOVINFO_WAREHOUSE / GOVINFO_PUBLISH_DIR, as for the CLI;
GOVINFO_START_DATE (default 2024-01-01) starts the catch-up.

A backfill does not take max_active_runs=1: give it `--max-active-runs 1` (docs/airflow.md).
"""
from __future__ import annotations

import logging
import os
from datetime import timedelta

import pendulum
from airflow.sdk import CronDataIntervalTimetable, dag, task

# Great Expectations logs every registration at INFO when imported: hundreds of lines in each task's log that
# hide the period's summary. Set here, before any task imports it (the task process parses this file first).
logging.getLogger("great_expectations").setLevel(logging.WARNING)

TZ = "Asia/Shanghai"
# No pool: each step runs under the warehouse lock (_run_step), which serialises every step across runs,
# backfills and the CLI; a task that finds the warehouse busy waits, then fails naming the holder and is
# retried. Tasks stay in Airflow's default_pool, so a fresh Airflow needs no set-up to start them.
# Passing causes (a warehouse file still locked, a worker lost) are retried with growing delays;
# deterministic ones (structural input, the empty-period guard, a dbt test, the annex suite) become
# AirflowFailException, which Airflow never retries.
TASK_DEFAULTS = {
    "retries": 3,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=30),
}


def _month(data_interval_start):
    # context datetimes are UTC: 2024-01-01 00:00 in Shanghai is 2023-12-31 16:00Z
    return data_interval_start.in_timezone(TZ).date()


def _run_step(step, *args):
    """Run a govinfo.pipeline step under the warehouse's lock; a failure that a retry cannot mend fails at once."""
    from govinfo.config import Paths
    from govinfo.run_lock import warehouse_lock

    try:
        with warehouse_lock(Paths.resolve().warehouse, f"airflow task {getattr(step, '__name__', step)}",
                            progress=print, then="Airflow retries this task after its retry delay"):
            return step(*args)
    except Exception as exc:
        # imported here, not before the step: the publish step's module brings pandas (dbt_build starts its child
        # first, transform_ahead)
        from airflow.sdk.exceptions import AirflowFailException
        from expectations.mart_suites import MartValidationError
        from govinfo.publish import PublishError
        from govinfo.transform import TransformError
        from ingestion.errors import InputError

        if isinstance(exc, (InputError, TransformError, MartValidationError, PublishError)):
            raise AirflowFailException(str(exc)) from exc
        raise


def transform_ahead(paths, period_id: str) -> None:
    """pipeline.transform_step with its dbt child started first, as `govinfo run` starts it (govinfo/ahead.py): the
    child's import of dbt and parse (seconds) overlap this task's import of the pipeline (half a second)."""
    from govinfo.transform import cancel_child, start_dbt

    child = start_dbt(paths.warehouse, period_id, paths.target)
    try:
        from govinfo import pipeline

        pipeline.transform_step(paths, period_id, started=child)
    finally:
        cancel_child(child)   # ends one a failure left unused; one that built has exited


# The period a run builds, shown in the UI beside its tasks: each task renders this label after setting
# period_id in its context (Airflow's rendered map index, which it also renders for tasks that are not mapped).
PERIOD_LABEL = "{{ period_id }}"


def _label(period_id: str) -> str:
    from airflow.sdk import get_current_context

    get_current_context()["period_id"] = period_id
    return period_id


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

        paths = Paths.resolve()
        _run_step(pipeline.check_mail_folder, paths)
        return _run_step(pipeline.ingest_step, paths).lines()

    @task
    def validate() -> list[str]:
        from govinfo import pipeline
        from govinfo.config import Paths

        return _run_step(pipeline.validate_step, Paths.resolve()).lines()

    @task(map_index_template=PERIOD_LABEL)
    def period(data_interval_start=None) -> str:
        from airflow.sdk.exceptions import AirflowSkipException
        from govinfo import pipeline
        from govinfo.config import Paths

        month = _month(data_interval_start)
        period_id = _run_step(pipeline.period_ending_with, Paths.resolve(), month)
        if period_id is None:
            raise AirflowSkipException(f"no period of the scheme ends with {month:%Y-%m}")
        _label(period_id)
        # the CLI's guard: a catch-up over months without messages fails loudly instead of publishing zeros
        _run_step(pipeline.check_publishable, Paths.resolve(), period_id)
        print(f"period {period_id}")
        return period_id

    @task(map_index_template=PERIOD_LABEL)
    def dbt_build(period_id: str) -> str:
        from govinfo.config import Paths

        _label(period_id)
        _run_step(transform_ahead, Paths.resolve(), period_id)
        return period_id

    @task(map_index_template=PERIOD_LABEL)
    def serve(period_id: str) -> str:
        """The snapshot of the build and the serving copy, staged; publish swaps the copy in after the folder."""
        from govinfo import pipeline
        from govinfo.config import Paths

        _label(period_id)
        return _run_step(pipeline.serve_step, Paths.resolve()).token

    @task(map_index_template=PERIOD_LABEL)
    def publish(period_id: str, staged: str) -> str:
        from govinfo import pipeline
        from govinfo.config import Paths

        _label(period_id)
        return str(_run_step(pipeline.publish_step, Paths.resolve(), period_id, staged))

    ended = period()
    ingest() >> validate() >> ended
    built = dbt_build(ended)
    publish(built, serve(built))


govinfo_bimonthly()
