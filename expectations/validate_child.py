"""The validate step in a child process started ahead of it (govinfo/ahead.py start_validate):
`python -P -c "from expectations.validate_child import validate_when_asked; validate_when_asked()"`."""
from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

from .gx_import import WithoutSqlAlchemy, great_expectations


def validate_when_asked() -> None:
    """The validate step in a child process started ahead of it (govinfo/pipeline.py), so that Great Expectations'
    import, done first, overlaps what the parent does meanwhile: one line on stdin names the warehouse (end of input:
    nothing to do); the outcome, or the exception raised (importing included), goes pickled to stdout. Then it ends
    at once: the warehouse is closed, and tearing down Great Expectations' modules takes seconds."""
    sys.meta_path.insert(0, WithoutSqlAlchemy())
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())   # anything else printed goes where the parent's messages go
    try:
        from .validate_inputs import validate_inputs

        # a run almost always brings new mail, whose suite then runs: Great Expectations is imported now, while
        # the parent ingests, rather than once the frames are read (validate_inputs alone imports it only then)
        great_expectations()
    except BaseException as exc:  # noqa: BLE001 - the parent raises it
        failed = exc
    else:
        failed = None
    warehouse = sys.stdin.readline().rstrip("\n")
    if not warehouse:
        os._exit(0)
    try:
        if failed is not None:
            raise failed
        result = validate_inputs(Path(warehouse))
    except BaseException as exc:  # noqa: BLE001 - the parent raises it
        result = exc
    try:
        data = pickle.dumps(result)
    except Exception:  # noqa: BLE001 - an exception that does not pickle: its text
        data = pickle.dumps(RuntimeError(" ".join(str(result).split())))
    answer.write(data)
    answer.close()
    sys.stderr.flush()
    os._exit(0)
