"""One measured step in a fresh process: `python bench/step.py STEP JSON-ARGS`.

Prints one JSON line: wall seconds of the step itself (imports excluded), CPU seconds and peak
RSS of this process and of the children it waited for (pool workers, the dbt process).
bench/run.py runs every step this way, so that one step's memory is not another's.
"""
from __future__ import annotations

import json
import re
import resource
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def parse_limit(args: dict) -> dict:
    """The bare loop: stdlib email parse of every message file and a walk of its parts' payloads."""
    files = sorted(p for p in Path(args["mail"]).rglob("*.eml"))
    started = time.perf_counter()
    parts = 0
    for path in files:
        msg = message_from_bytes(path.read_bytes(), policy=policy.compat32)
        for part in msg.walk():
            if not part.is_multipart():
                part.get_payload(decode=True)
                parts += 1
    return {"seconds": time.perf_counter() - started, "messages": len(files), "parts": parts}


def ingest(args: dict) -> dict:
    from govinfo.pipeline import ingest_step
    started = time.perf_counter()
    summary = ingest_step(_paths(args), progress=lambda _: None)
    return {"seconds": time.perf_counter() - started, "files_read": dict(summary.files_read),
            "files_seen": dict(summary.files_seen), "issues": dict(summary.issues)}


def validate(args: dict) -> dict:
    from govinfo.pipeline import validate_step
    started = time.perf_counter()
    outcome = validate_step(_paths(args))
    return {"seconds": time.perf_counter() - started, "rejected": dict(outcome.rejected)}


def transform(args: dict) -> dict:
    """dbt build of each period in turn; dbt's own 'Finished running … in Ns' beside the wall time."""
    from govinfo.pipeline import transform_step
    builds = []
    started = time.perf_counter()
    for period in args["periods"]:
        lines: list[str] = []
        begun = time.perf_counter()
        transform_step(_paths(args), period, progress=lines.append)
        reported = [float(m.group(1)) for line in lines
                    for m in [re.search(r"Finished running .* in .*\(([\d.]+)s\)", line)] if m]
        builds.append({"period": period, "seconds": time.perf_counter() - begun,
                       "dbt_reported_s": reported[-1] if reported else None})
    return {"seconds": time.perf_counter() - started, "builds": builds}


def publish(args: dict) -> dict:
    from govinfo.pipeline import publish_step
    started = time.perf_counter()
    folder = publish_step(_paths(args), args["period"])
    return {"seconds": time.perf_counter() - started, "folder": str(folder)}


def run(args: dict) -> dict:
    """`govinfo run` as the command line does it (the caller times the whole process)."""
    from govinfo.cli import main
    p = _paths(args)
    started = time.perf_counter()
    code = main(["run", "--period", args["period"], "--inputs", str(p.inputs), "--warehouse", str(p.warehouse),
                 "--publish-dir", str(p.publish_dir)])
    if code:
        raise SystemExit(f"govinfo run exited {code}")
    return {"seconds": time.perf_counter() - started}


def dag(args: dict) -> dict:
    """Import one DAG file: after airflow.sdk is loaded (as in the DAG processor), and in total."""
    import runpy
    begun = time.perf_counter()
    import airflow.sdk  # noqa: F401
    loaded = time.perf_counter()
    runpy.run_path(args["file"], run_name="bench_dag")
    done = time.perf_counter()
    return {"seconds": done - loaded, "airflow_import_s": loaded - begun, "total_s": done - begun}


def _paths(args: dict):
    from govinfo.config import Paths
    return Paths.resolve(args.get("inputs"), args.get("warehouse"), args.get("publish_dir"))


def _usage() -> dict:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rss_mb": round(me.ru_maxrss / 1024, 1), "children_rss_mb": round(kids.ru_maxrss / 1024, 1),
            "cpu_s": round(me.ru_utime + me.ru_stime, 2), "children_cpu_s": round(kids.ru_utime + kids.ru_stime, 2)}


if __name__ == "__main__":
    step, arguments = sys.argv[1], json.loads(sys.argv[2])
    result = globals()[step](arguments)
    print("BENCH " + json.dumps({**result, **_usage()}, ensure_ascii=False), flush=True)
    if step == "run":   # the process ends as the command's does
        from govinfo.quick_exit import end_now
        end_now(0)
