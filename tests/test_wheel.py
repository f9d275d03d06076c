"""The installable package: a wheel built from the source, installed into a fresh virtual environment (no
system site-packages, no checkout on the path), runs `govinfo run` from an empty folder on the sample it
carries and publishes the notice's annex. The new venv borrows its dependencies from the one running the
tests (a path line in a .pth file: their packages, not the checkout's editable govinfo) instead of installing
~200 packages again; the wheel's declared requirements are checked against them."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SPEC

pytestmark = pytest.mark.pipeline

SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "govinfo", "ingestion", "expectations",
           "dbt", "samples/golmud-2024")
# what a run in a checkout leaves behind, never part of a build
_LITTER = shutil.ignore_patterns("__pycache__", "*.pyc", "target", "logs", "dbt_packages", ".user.yml")


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, f"{' '.join(map(str, args))}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc


def _annex(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8-sig") as handle:
        return {row["unit"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the tracked sources, so nothing of a checkout's build/ or runs gets in."""
    root = tmp_path_factory.mktemp("build")
    (root / "src").mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / "src" / name, ignore=_LITTER)
        else:
            shutil.copy2(source, root / "src" / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(root / "src")])
    return next((root / "dist").glob("govinfo-*.whl"))


# Requires-Dist lines of the installed wheel (extras left out) that the borrowed packages do not satisfy
_UNMET = """
import importlib.metadata as md
from packaging.requirements import Requirement
for line in md.requires("govinfo") or []:
    req = Requirement(line)
    if req.marker and not req.marker.evaluate({"extra": ""}):
        continue
    try:
        found = md.version(req.name)
    except md.PackageNotFoundError:
        found = None
    if found is None or not req.specifier.contains(found, prereleases=True):
        print(f"{line} (found {found})")
"""


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel alone (--no-deps); its dependencies are the test environment's packages."""
    import sysconfig

    venv = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    site = Path(_run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                     ).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-deps",
          str(wheel)], cwd=venv)
    return venv


def test_the_installed_wheels_requirements_are_met(installed):
    unmet = _run([str(installed / "bin" / "python"), "-c", _UNMET], cwd=installed, env=_clean_env()).stdout
    assert unmet == ""
    origin = _run([str(installed / "bin" / "python"), "-c", "import govinfo; print(govinfo.__file__)"],
                  cwd=installed, env=_clean_env()).stdout.strip()
    assert Path(origin).is_relative_to(installed), origin


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("GOVINFO_", "PYTHON", "VIRTUAL_ENV"))}


def test_the_wheel_carries_the_packages_the_dbt_project_and_the_sample(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in ("govinfo", "ingestion", "expectations"):
        for module in (REPO / package).rglob("*.py"):
            assert module.relative_to(REPO).as_posix() in names
    for source, carried in (("dbt", "govinfo/data/dbt"), ("samples/golmud-2024", "govinfo/data/sample")):
        tracked = subprocess.run(["git", "ls-files", source], cwd=REPO, capture_output=True, text=True).stdout.split()
        tracked = [t for t in tracked if not t.endswith(".user.yml")]
        assert tracked and all(f"{carried}/{Path(t).relative_to(source).as_posix()}" in names for t in tracked)
    assert not {n.split("/")[0] for n in names} & {"devtools", "bench", "dags", "tests", "dbt", "samples"}


def test_installed_outside_the_checkout_it_publishes_the_notices_annex(installed, tmp_path):
    work = tmp_path / "office"
    work.mkdir()
    where = _run([str(installed / "bin" / "python"), "-c", "from govinfo.config import DBT_PROJECT, SAMPLE_INPUTS; "
                  "print(DBT_PROJECT); print(SAMPLE_INPUTS)"], cwd=work, env=_clean_env()).stdout.split()
    assert all(Path(p).is_relative_to(installed) for p in where), where
    _run([str(installed / "bin" / "govinfo"), "run", "--period", "2024-05"], cwd=work, env=_clean_env())
    published = work / "publish" / "2024-05" / "annex.csv"
    assert _annex(published) == _annex(SPEC / "annex-2024-05.csv")
    assert not list(installed.rglob(".user.yml"))  # dbt wrote nothing into the installed project


def test_dbt_runs_without_the_checkouts_dbt_folder_on_its_path():
    """Run from the checkout's root, where `dbt/` is the project: the dbt child of a build must not see it
    as part of the dbt package (dbt extends its package path over every sys.path entry)."""
    from govinfo.transform import dbt_command

    args, env, _ = dbt_command(REPO / "warehouse" / "unused.duckdb")
    probe = args[:args.index("-m")] + ["-c", "import dbt; print('\\n'.join(dbt.__path__))"]
    paths = _run(probe, cwd=REPO, env=env).stdout.split()
    assert paths and not any(Path(p).resolve() == REPO / "dbt" for p in paths), paths
    # what the same child sees without -P
    bare = _run([sys.executable, *probe[probe.index("-c"):]], cwd=REPO, env=env).stdout.split()
    assert any(Path(p).resolve() == REPO / "dbt" for p in bare), bare
