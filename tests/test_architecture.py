"""Imports run one way: ingestion ← expectations ← govinfo ← dags (and the development tools, devtools/
and bench/, sit on top: nothing installed imports them). Read from the source with ast, so a lazy
import inside a function counts as much as one at the top of a module."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# a package may import the packages of lower layers only
LAYERS = {"ingestion": 0, "expectations": 1, "govinfo": 2, "dags": 3, "devtools": 4, "bench": 4}


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(module: str, is_package: bool, node: ast.AST) -> list[str]:
    """Absolute names of what one import statement imports (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        base = node.module or ""
    else:
        here = module.split(".") if is_package else module.split(".")[:-1]
        here = here[:len(here) - (node.level - 1)]
        base = ".".join(here + ([node.module] if node.module else []))
    # `from pkg import mod` imports the submodule pkg.mod when there is one; resolved against the graph below
    return [base] + [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]


def import_graph(root: Path, packages=tuple(LAYERS)) -> dict[str, set[str]]:
    """module → the modules of `packages` it imports, for every .py file under root/<package>."""
    files = {_module_name(root, path): path for package in packages for path in (root / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for node in ast.walk(tree):
            for name in _imported(module, path.name == "__init__.py", node):
                if name in files and name != module:
                    targets.add(name)
        graph[module] = targets
    return graph


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{module} imports {target}" for module, targets in graph.items() for target in targets
                  if LAYERS[target.split(".")[0]] > LAYERS[module.split(".")[0]])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(REPO)


def test_no_package_imports_a_higher_layer(graph):
    assert upward_imports(graph) == []


def test_no_import_cycle(graph):
    assert cycles(graph) == []


def test_every_layer_is_read(graph):
    assert {module.split(".")[0] for module in graph} == set(LAYERS)
    assert "ingestion.ingest" in graph["govinfo.pipeline"]


@pytest.mark.parametrize("source, found", [
    ("from govinfo.periods import period_bounds\n", ["ingestion.text imports govinfo.periods"]),
    ("def later():\n    import govinfo.periods\n", ["ingestion.text imports govinfo.periods"]),
    ("import dags.job\n", ["ingestion.text imports dags.job"]),
    ("from . import dates\n", []),
])
def test_the_checker_finds_an_upward_import(tmp_path, source, found):
    for module in ("ingestion/__init__", "ingestion/dates", "govinfo/__init__", "govinfo/periods", "dags/job"):
        (tmp_path / f"{module}.py").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f"{module}.py").write_text("", encoding="utf-8")
    (tmp_path / "ingestion" / "text.py").write_text(source, encoding="utf-8")
    graph = import_graph(tmp_path, ("ingestion", "govinfo", "dags"))
    assert upward_imports(graph) == found


def test_the_checker_finds_a_cycle(tmp_path):
    (tmp_path / "govinfo").mkdir()
    (tmp_path / "govinfo" / "a.py").write_text("from .b import x\n", encoding="utf-8")
    (tmp_path / "govinfo" / "b.py").write_text("from govinfo import c\n", encoding="utf-8")
    (tmp_path / "govinfo" / "c.py").write_text("def f():\n    import govinfo.a\n", encoding="utf-8")
    assert cycles(import_graph(tmp_path, ("govinfo",))) == [["govinfo.a", "govinfo.b", "govinfo.c"]]


def _imports_great_expectations(modules: str) -> bool:
    probe = f"import sys, {modules}; print('great_expectations' in sys.modules)"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=REPO).stdout.strip() == "True"


def test_great_expectations_loads_only_with_the_steps_that_check():
    """GX costs seconds and ~300 MB: the CLI, the pipeline module and the steps that do not validate go without."""
    assert not _imports_great_expectations("govinfo.cli, govinfo.pipeline, govinfo.serving, govinfo.transform")
    assert _imports_great_expectations("expectations.validate_inputs")


def _jinja_calls(path: Path, call: str) -> list[str]:
    """The names a model passes to source(...) or ref(...)."""
    return re.findall(rf"{call}\(\s*'([^']+)'(?:\s*,\s*'([^']+)')?", path.read_text(encoding="utf-8"))


def test_dbt_layers_read_one_way():
    """sources → stg_ (rename and type) → int_ (rules) → marts: staging reads only the raw sources, marts never do."""
    models = REPO / "dbt" / "models"
    staging_refs = {p.name: _jinja_calls(p, "ref") for p in (models / "staging").glob("*.sql")}
    assert {name: refs for name, refs in staging_refs.items() if refs} == {}
    mart_sources = {p.name: _jinja_calls(p, "source") for p in (models / "marts").glob("*.sql")}
    assert {name: sources for name, sources in mart_sources.items() if sources} == {}
