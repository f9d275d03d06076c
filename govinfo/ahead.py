"""The children a period's run starts ahead of their steps, so that their imports (seconds of CPU) overlap what
the run does meanwhile: dbt's (govinfo/transform.py start_dbt: imports dbt, parses the project) and the validate
step's (imports Great Expectations). Light to import: the CLI starts them before it imports the steps' modules."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from .config import Paths
from .transform import cancel_child, die_with_parent, start_dbt

# the validate step's child: imports Great Expectations, then validates the warehouse named on stdin
_VALIDATE = "from expectations.validate_child import validate_when_asked; validate_when_asked()"


def start_validate() -> subprocess.Popen:
    """A child for the validate step, started now so that Great Expectations' import overlaps what this process
    does meanwhile. validate_step(…, started=it) validates; cancel_child ends it unused, as it ends dbt's."""
    return subprocess.Popen([sys.executable, "-P", "-c", _VALIDATE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            preexec_fn=die_with_parent)


@dataclass(frozen=True)
class Ahead:
    dbt: subprocess.Popen
    validator: subprocess.Popen | None   # None: this process has Great Expectations already and validates itself

    @classmethod
    def start(cls, paths: Paths, period_id: str) -> Ahead:
        """Start both for this warehouse and period (call it holding the warehouse's lock: dbt's child writes its
        parse beside the warehouse). The validate child only if this process has not imported Great Expectations
        (a backfill's later periods, a test session)."""
        dbt = start_dbt(paths.warehouse, period_id, paths.target)
        return cls(dbt, None if "great_expectations" in sys.modules else start_validate())

    def cancel(self) -> None:
        """End those not used (kills, waits and closes their pipes); one used is left alone."""
        for child in (self.dbt, self.validator):
            if child is not None and child.returncode is None:
                cancel_child(child)
