"""kill -9 a real `govinfo run` during ingest, dbt and publish: the folder holds one whole set meanwhile, and
the next run removes what the killed one left and publishes what a clean run publishes.

The run is stopped at a named step with the documented test hook GOVINFO_PAUSE_AT (govinfo/pause.py).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from builders import message, registry, write_eml, write_workbook
from conftest import copy_build

from govinfo.config import Paths
from govinfo.pipeline import run_period

pytestmark = pytest.mark.pipeline

BIN = Path(sys.executable).parent
PERIOD = "2024-05"
SET = ("annex.csv", "annex.xlsx", "rejected.csv", "validation.html")
COMPARED_MARTS = ("annex", "rejected", "input_accounting", "submissions")


def _inputs(folder: Path) -> Path:
    write_workbook(folder / "sheets" / "registry.xlsx", registry([
        ["格尔木市甲局", "市甲局", "甲局", "jia@example.org", "A"],
        ["格尔木市乙局", "市乙局", "乙局", "yi@example.org", None],
    ]))
    write_workbook(folder / "sheets" / "adoptions.xlsx", {"采用登记": [
        ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"],
        ["2024-05-10", "市甲局", "甲局推进春耕", "省级", "信息", "青海政务信息", "12"],
    ]})
    write_eml(folder / "mail", "a.eml", message(sender="jia@example.org", subject="甲局推进春耕",
                                                attachments=[("甲局推进春耕.docx", b"doc")]))
    write_eml(folder / "mail", "b.eml", message(sender="stranger@qq.com", subject="你好", body="推销"))
    return folder


def _add_message(inputs: Path) -> None:
    """The correction between two publications: 乙局 mails an article."""
    write_eml(inputs / "mail", "c.eml", message(sender="yi@example.org", subject="乙局工作动态",
                                                date="Mon, 03 Jun 2024 09:00:00 +0800",
                                                attachments=[("乙局工作动态.docx", b"d")]))


def _paths(root: Path, inputs: Path) -> Paths:
    return Paths.resolve(inputs, root / "wh" / "govinfo.duckdb", root / "publish")


def _cli(paths: Paths, pause: str | None = None, **popen) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVINFO_")}
    if pause:
        env["GOVINFO_PAUSE_AT"] = pause
    return subprocess.Popen([str(BIN / "govinfo"), "run", "--period", PERIOD, "--inputs", str(paths.inputs),
                             "--warehouse", str(paths.warehouse), "--publish-dir", str(paths.publish_dir)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _kill_at(paths: Paths, step: str) -> None:
    """Start a run that pauses at step, wait for it to say so, kill -9 it (its pid alone, as a machine would)."""
    proc = _cli(paths, step)
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.strip() == f"govinfo: paused at {step}":
            break
    else:
        proc.wait()
        raise AssertionError(f"the run never reached {step}:\n{''.join(seen[-30:])}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def _rerun(paths: Paths) -> str:
    proc = _cli(paths)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    return err


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in SET}


def _marts(serving: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(serving), read_only=True) as con:
        return {table: sorted(map(repr, con.execute(f"SELECT * FROM marts.{table}").fetchall()))
                for table in COMPARED_MARTS}


def _leftovers(paths: Paths) -> list[str]:
    return sorted(p.name for p in [*paths.publish_dir.glob(".*"), *paths.serving.parent.glob(".*.tmp*")])


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The sets a clean run publishes, before (A) and after (B) the correction."""
    root = tmp_path_factory.mktemp("clean")
    inputs = _inputs(root / "inputs")
    sets = {}
    for name in ("A", "B"):
        if name == "B":
            _add_message(inputs)
        paths = _paths(root / name, inputs)
        run_period(paths, PERIOD, progress=lambda _: None)
        sets[name] = (_files(paths.publish_dir / PERIOD), _marts(paths.serving))
        sets[f"{name} paths"] = paths
    assert sets["A"][0]["annex.csv"] != sets["B"][0]["annex.csv"]
    return sets


def _published_a(clean, folder: Path) -> Paths:
    """Fresh inputs and a copy of clean run A's warehouse and publish folder: set A published, as a run leaves it."""
    inputs = _inputs(folder / "inputs")
    copied = copy_build(clean["A paths"], folder)
    return Paths.resolve(inputs, copied.warehouse, copied.publish_dir)


@pytest.mark.parametrize("step", ["ingest", "dbt", "publish"])
def test_a_run_killed_at_any_step_leaves_one_set_and_the_next_run_repairs_it(step, clean, tmp_path):
    paths = _published_a(clean, tmp_path)
    _add_message(paths.inputs)
    _kill_at(paths, step)
    # meanwhile a clerk opening the folder, or BI the serving copy, finds the whole of set A
    assert _files(paths.publish_dir / PERIOD) == clean["A"][0]
    assert _marts(paths.serving) == clean["A"][1]
    left = _leftovers(paths)
    if step == "publish":
        assert any(name.startswith(f".{PERIOD}.new-") for name in left), left
        assert any(name.startswith(f".{paths.serving.name}.") for name in left), left

    err = _rerun(paths)
    assert _files(paths.publish_dir / PERIOD) == clean["B"][0]
    assert _marts(paths.serving) == clean["B"][1]
    assert _leftovers(paths) == []
    for name in left:
        assert f"{name}: removed, left by a run" in err


def test_a_killed_swap_between_two_renames_gets_the_old_set_back(tmp_path):
    from govinfo.publish_folder import remove_leftovers

    dead = subprocess.Popen(["true"])  # a pid that no longer runs
    dead.wait()
    publish = tmp_path / "publish"
    moved_aside = publish / f".{PERIOD}.old-{dead.pid}"
    moved_aside.mkdir(parents=True)
    (moved_aside / "annex.csv").write_text("old set", encoding="utf-8")
    half_written = publish / f".{PERIOD}.new-{dead.pid}"
    half_written.mkdir()
    (half_written / "annex.csv").write_text("half", encoding="utf-8")
    lines = remove_leftovers(publish)
    assert (publish / PERIOD / "annex.csv").read_text(encoding="utf-8") == "old set"
    assert sorted(p.name for p in publish.iterdir()) == [PERIOD]
    assert len(lines) == 2 and "restored" in lines[1] + lines[0]


def test_a_republication_swaps_the_whole_folder_and_keeps_history(clean, tmp_path):
    paths = _published_a(clean, tmp_path)
    folder = paths.publish_dir / PERIOD
    before = os.stat(folder).st_ino
    _add_message(paths.inputs)
    run_period(paths, PERIOD, progress=lambda _: None)
    assert os.stat(folder).st_ino != before  # a new folder, not files replaced one by one
    assert _files(folder) == clean["B"][0]
    (kept,) = (folder / "history").iterdir()
    assert {p.name: p.read_bytes() for p in kept.iterdir() if p.name in SET} == clean["A"][0]
    assert _leftovers(paths) == []
