"""The test hook of the kill tests: GOVINFO_PAUSE_AT=<step> stops a run at a named step.

With GOVINFO_PAUSE_AT=ingest, dbt or publish, a run prints ``govinfo: paused at <step>`` to stderr
when it reaches that step (inside ingest after its first file, while dbt builds, once the period's
files are written but not yet swapped in) and sleeps there, so a test can kill -9 it at that moment.
Unset (always, outside tests) it does nothing.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable

VARIABLE = "GOVINFO_PAUSE_AT"
STEPS = ("ingest", "dbt", "publish")


def at(step: str) -> None:
    if os.environ.get(VARIABLE) == step:
        print(f"govinfo: paused at {step}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


def on_first_line(step: str, progress: Callable[[str], None]) -> Callable[[str], None]:
    """progress that pauses at step once the step has reported its first line."""
    if os.environ.get(VARIABLE) != step:
        return progress

    def pausing(line: str) -> None:
        progress(line)
        at(step)
    return pausing
