"""The scale generator (python -m devtools.generate): the same seed writes the same bytes, and the pipeline
counts exactly what the generator says it wrote."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from devtools.generate import main
from govinfo.config import Paths
from govinfo.pipeline import run_period
from devtools.samplegen.scale import generate

pytestmark = pytest.mark.pipeline


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("scale") / "inputs"
    assert main(["--units", "5", "--months", "2", "--seed", "11", "--out", str(out)]) == 0
    return out, json.loads((out / "expected.json").read_text(encoding="utf-8"))


def test_same_seed_same_bytes(generated, tmp_path):
    out, expected = generated
    again = generate(tmp_path / "again", 5, 2, seed=11, workers=1)
    assert again == expected
    assert _tree(tmp_path / "again") == _tree(out)
    other = generate(tmp_path / "other", 5, 2, seed=12, workers=1)
    assert other["periods"] != expected["periods"]


def test_folder_is_inputs(generated):
    out, expected = generated
    messages = list((out / "mail").rglob("*.eml"))
    assert len(messages) == expected["messages"]
    assert {p.name for p in (out / "sheets").glob("*.xlsx")} >= {"registry.xlsx", "decisions.xlsx",
                                                                 "adoptions-2024-01.xlsx", "paper-2024-02.xlsx"}
    assert any(b"application/vnd.openxmlformats-officedocument.wordprocessingml" in p.read_bytes() for p in messages)


def test_pipeline_counts_what_was_written(generated, tmp_path):
    out, expected = generated
    paths = Paths.resolve(out, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, "2024-01", progress=lambda _: None)
    with open(paths.publish_dir / "2024-01" / "annex.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    period = expected["periods"]["2024-01"]
    assert sum(int(r["submitted"]) for r in rows) == period["submitted"]
    assert {r["unit"]: [int(r["submitted"]), int(r["points"])] for r in rows} == period["by_unit"]


def test_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError):
        generate(tmp_path, 1, 1)


def test_rich_scheme_over_the_same_mail(generated, tmp_path):
    """--scheme rich --mail-from: the generated mail linked, not written again; the sheets carry the rich scheme
    (its own codes, 国家, groups and ranks, 批示) and the pipeline counts the same submissions under it."""
    out, expected = generated
    rich = tmp_path / "rich"
    args = ["--units", "5", "--months", "2", "--seed", "11", "--scheme", "rich", "--mail-from", str(out)]
    assert main([*args, "--out", str(rich)]) == 0
    assert (rich / "mail").is_symlink() and (rich / "mail").resolve() == (out / "mail").resolve()
    assert {p.name for p in (rich / "sheets").glob("*.xlsx")} >= {"scheme.xlsx", "endorsements.xlsx",
                                                                  "adjustments.xlsx", "registry.xlsx"}
    assert main([*args, "--out", str(rich)]) == 0          # again over itself: the linked mail stays whole
    assert len(list((out / "mail").rglob("*.eml"))) == expected["messages"]
    paths = Paths.resolve(rich, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, "2024-01", progress=lambda _: None)
    with open(paths.publish_dir / "2024-01" / "annex.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:5] == ["unit", "group", "submitted", "submitted_ytd", "msg_nat"]
    assert list(rows[0])[-4:] == ["points", "points_ytd", "rank", "verdict"]
    assert {r["unit"]: int(r["submitted"]) for r in rows} == {
        unit: submitted for unit, (submitted, _) in expected["periods"]["2024-01"]["by_unit"].items()}
