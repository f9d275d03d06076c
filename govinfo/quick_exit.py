"""Ending a govinfo process at once when its work is done: the `govinfo` command and the dbt child."""
from __future__ import annotations

import atexit
import os
import sys


def end_now(code: int) -> None:
    """End the process without tearing down the modules it loaded (pandas, DuckDB, openpyxl, python-docx, Altair;
    in dbt's child, dbt and its manifest), which the caller would wait for: 0.3 s after a warm run's summary is
    printed, about a second in dbt's child. The exit functions run first (multiprocessing's unlink the semaphores
    dbt's adapter made), then the output is flushed. The caller has closed its files and the warehouse."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
