from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from builders import registry, write_eml, write_workbook, message  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "spec"


# the environment of a test that runs dbt itself: without it dbt writes .user.yml into the project, whose files'
# digest the builds of the other tests key their reuse on (govinfo/transform.py sets the same for its child)
def dbt_env(**more: str) -> dict[str, str]:
    return {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **more}


# make test runs the files on three xdist workers, a file to a worker at a time, in collection order: the files
# that take minutes go first, so the workers end together instead of one running the scheduler alone at the end.
_SLOW_FIRST = ("test_scheduler_backfill.py", "test_superset.py", "test_postgres_target.py", "test_imap_fetch.py",
               "test_kill.py", "test_wheel.py", "test_mail_counting.py", "test_scheme_scoring.py",
               "test_serving.py", "test_bench_smoke.py", "test_refusals.py", "test_dags.py", "test_docs_cache.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(_SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the other files keep their order


@pytest.fixture(autouse=True)
def _dbt_only_under_the_pipeline_mark(request, monkeypatch):
    """`make test-fast` runs the tests without the pipeline mark: one of them that starts dbt fails, naming the mark."""
    if request.node.get_closest_marker("pipeline"):
        return
    from govinfo import transform

    def refuse(*_args, **_kwargs):
        raise AssertionError(f"{request.node.nodeid} runs dbt: mark it pytest.mark.pipeline (make test-fast skips those)")

    monkeypatch.setattr(transform, "dbt_command", refuse)


def write_small_inputs(inputs: Path) -> Path:
    """Two units, a few messages and registers: enough to run the whole pipeline quickly."""
    write_workbook(inputs / "sheets" / "registry.xlsx", registry([
        ["格尔木市甲局", "市甲局", "甲局、甲", "jia@example.org", "A"],
        ["格尔木市乙局", "市乙局", "乙局", "yi@example.org; yi2@example.org", None],
    ]))
    write_workbook(inputs / "sheets" / "adoptions.xlsx", {"采用登记": [
        ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"],
        ["2024-05-10", "市甲局", "甲局推进春耕", "省级", "信息", "青海政务信息", "12"],
        ["2024-06-03", "甲局", "甲局推进春耕", "市", "动态", None, None],
        ["2024-06-03", "市气象局", "气象", "市", "动态", None, None],
    ]})
    mail = inputs / "mail"
    write_eml(mail, "a.eml", message(sender="jia@example.org", subject="甲局推进春耕", body="正文",
                                     attachments=[("甲局推进春耕.docx", b"doc")]))
    write_eml(mail, "b.eml", message(sender="JIA@example.org", subject="两篇", date="Mon, 03 Jun 2024 09:00:00 +0800",
                                     attachments=[("甲局开展安全检查.DOCX", b"d1"), ("甲局党建工作.docx", b"d2"),
                                                  ("照片.jpg", b"jpg")]))
    write_eml(mail, "c.eml", message(sender="someone@qq.com", subject="【乙局】乙局简报", body="有正文"))
    write_eml(mail, "d.eml", message(sender="stranger@qq.com", subject="你好", body="推销"))
    return inputs


@pytest.fixture
def small_inputs(tmp_path: Path) -> Path:
    return write_small_inputs(tmp_path / "inputs")


def _built_once(tmp_path_factory, worker_id, name: str, build) -> tuple[Path, list[str]]:
    """build(folder) -> summary lines, run once for the session in folder `name`: under pytest-xdist the workers
    share it (the first to ask builds it, the others wait for it on a lock file). (folder, summary lines)."""
    import fcntl
    import json
    import shutil

    # a worker's base folder is popen-gw<n> inside the session's folder, which the workers share
    base = tmp_path_factory.getbasetemp()
    root = (base if worker_id == "master" else base.parent) / name
    summary = root.with_suffix(".summary.json")
    with open(root.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not summary.exists():   # a build that failed half-way left no summary: built again from nothing
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            summary.write_text(json.dumps(build(root), ensure_ascii=False), encoding="utf-8")
    return root, json.loads(summary.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, worker_id):
    """The bundled sample run once for 2024-05, its notice dated 10 July 2024 as the real one, shared by the tests
    that only read its warehouse, serving copy and published files: (paths, summary lines). A test that builds
    more works on a copy (copy_build)."""
    import datetime as dt

    from govinfo.config import SAMPLE_INPUTS, Paths
    from govinfo.pipeline import run_period

    def paths(root):
        return Paths.resolve(SAMPLE_INPUTS, root / "wh" / "govinfo.duckdb", root / "publish")

    root, lines = _built_once(tmp_path_factory, worker_id, "sample-2024-05", lambda root: run_period(
        paths(root), "2024-05", progress=lambda _: None, notice_date=dt.date(2024, 7, 10)))
    return paths(root), lines


@pytest.fixture(scope="session")
def small_build(tmp_path_factory, worker_id):
    """The small inputs (write_small_inputs) run once for 2024-05, shared like sample_build: (paths, summary
    lines). Only read it; small_copy gives a test a copy to run more on."""
    from govinfo.config import Paths
    from govinfo.pipeline import run_period

    def paths(root):
        return Paths.resolve(root / "inputs", root / "wh" / "govinfo.duckdb", root / "publish")

    def build(root):
        write_small_inputs(root / "inputs")
        return run_period(paths(root), "2024-05", progress=lambda _: None)

    root, lines = _built_once(tmp_path_factory, worker_id, "small-2024-05", build)
    return paths(root), lines


@pytest.fixture
def small_copy(small_build, tmp_path):
    """A copy of small_build's inputs, warehouse folder and publish folder in tmp_path, as if the test had run
    2024-05 on small inputs itself: its Paths."""
    import shutil

    paths, _ = small_build
    shutil.copytree(paths.inputs, tmp_path / "inputs")
    return copy_build(paths, tmp_path, inputs=tmp_path / "inputs")


def copy_build(paths, folder: Path, inputs: Path | None = None):
    """The warehouse folder of a build (warehouse, dbt state, serving copy) and its publish folder, copied (reading
    its inputs, or `inputs`)."""
    import shutil

    from govinfo.config import Paths

    shutil.copytree(paths.warehouse.parent, folder / "wh")
    shutil.copytree(paths.publish_dir, folder / "publish")
    return Paths.resolve(inputs or paths.inputs, folder / "wh" / paths.warehouse.name, folder / "publish",
                         paths.target)
