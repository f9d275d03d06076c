"""The steps of a run, the same functions whether the CLI, Airflow or a test calls them."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from expectations.validate_inputs import InputValidation, validate_inputs
from ingestion.ingest import IngestSummary, ingest

from .config import Paths
from .periods import check_period
from .publish import publish_period
from .summary import period_summary
from .transform import dbt_build


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def ingest_step(paths: Paths, progress: Callable[[str], None] = _stderr) -> IngestSummary:
    return ingest(paths.inputs, paths.warehouse, progress=progress)


def validate_step(paths: Paths) -> InputValidation:
    """Row problems go to the rejected table; a structural problem raises InputError before dbt."""
    return validate_inputs(paths.warehouse)


def transform_step(paths: Paths, period_id: str, progress: Callable[[str], None] = _stderr) -> None:
    dbt_build(paths.warehouse, check_period(period_id), progress)


def publish_step(paths: Paths, period_id: str) -> Path:
    return publish_period(paths.warehouse, paths.publish_dir, check_period(period_id))


def run_period(paths: Paths, period_id: str, progress: Callable[[str], None] = _stderr) -> list[str]:
    """ingest → validate → dbt build → publish for one period; returns the summary lines."""
    check_period(period_id)
    landed = ingest_step(paths, progress)
    validated = validate_step(paths)
    transform_step(paths, period_id, progress)
    folder = publish_step(paths, period_id)
    return landed.lines() + validated.lines() + period_summary(paths.warehouse, period_id) + [f"published: {folder}"]
