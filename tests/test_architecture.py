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
    # the validate step imports it only when a suite has to run (tests/test_suite_fingerprints.py)
    assert not _imports_great_expectations("expectations.validate_inputs")
    # what a run's process reads from the validate step's child, and the annex suite's fingerprint and reuse
    assert not _imports_great_expectations("expectations.validation, expectations.validate_child, expectations.mart_suites, "
                                       "expectations.gx_run")


# What a staging model may not do: it renames and types one source, every row of it (the rules are int_'s).
_NOT_STAGING = re.compile(r"\b(join|where|over|group\s+by|having|union|qualify|distinct|exists|limit)\b|\bref\s*\(")
_MACRO = re.compile(r"{%-?\s*macro\s+(\w+)\s*\((.*?)%}(.*?){%-?\s*endmacro\s*-?%}", re.S)
_CALL = re.compile(r"\b(\w+)\s*\(")


def _sql(text: str) -> str:
    """SQL and Jinja without comments ({# #} and --), lower case."""
    return re.sub(r"--[^\n]*", "", re.sub(r"{#.*?#}", "", text, flags=re.S)).lower()


def _macros(dbt: Path) -> dict[str, str]:
    return {name.lower(): _sql(body) for path in (dbt / "macros").rglob("*.sql")
            for name, _, body in _MACRO.findall(path.read_text(encoding="utf-8"))}


def _expanded(text: str, macros: dict[str, str]) -> str:
    """A model's SQL with the body of every macro it calls (and they call, by any adapter's name) appended."""
    seen, todo, parts = set(), [_sql(text)], [_sql(text)]
    while todo:
        for name in _CALL.findall(todo.pop()):
            for candidate in (name, f"default__{name}", f"duckdb__{name}", f"postgres__{name}"):
                if candidate in macros and candidate not in seen:
                    seen.add(candidate)
                    todo.append(macros[candidate])
                    parts.append(macros[candidate])
    return "\n".join(parts)


def layer_violations(dbt: Path) -> list[str]:
    """sources → stg_ → int_ → marts: each staging model selects from one source (no ref, join, filter, window,
    union, grouping), nothing else reads a source; a macro a model calls counts as the model's own SQL."""
    macros, found = _macros(dbt), []
    for path in sorted((dbt / "models").rglob("*.sql")):
        sql = _expanded(path.read_text(encoding="utf-8"), macros)
        sources = len(re.findall(r"\bsource\s*\(", sql))
        if path.parent.name == "staging":
            if sources != 1:
                found.append(f"{path.name}: reads {sources} sources")
            found += sorted({f"{path.name}: {m.group(0)}" for m in _NOT_STAGING.finditer(sql)})
        elif sources:
            found.append(f"{path.name}: reads a source")
    return found


def test_dbt_layers_read_one_way():
    """sources → stg_ (rename and type) → int_ (rules) → marts: staging reads only the raw sources, marts never do."""
    assert layer_violations(REPO / "dbt") == []
    models = REPO / "dbt" / "models"
    assert {p.name for p in models.rglob("*.sql")} == {p.name for p in models.glob("*/*.sql")}
    assert {p.parent.name for p in models.glob("*/*.sql")} == {"staging", "intermediate", "marts"}
    assert all(p.name.startswith(("stg_", "int_")) == (p.parent.name != "marts")
               and p.name.startswith("stg_") == (p.parent.name == "staging") for p in models.glob("*/*.sql"))


_RULE_MACRO = """{% macro not_rejected(alias) %}
    not exists (select 1 from {{ source('raw', 'row_rejections') }} as r where r.source_file = {{ alias }}.source_file)
{%- endmacro %}
{% macro is_repeat() %}{{ adapter.dispatch('is_repeat')() }}{% endmacro %}
{% macro duckdb__is_repeat() %}(row_number() over (partition by row_key order by row_number) > 1){% endmacro %}
"""


@pytest.mark.parametrize("model, found", [
    ("select source_file, {{ strip_text('a') }} as a from {{ source('raw', 'sheet_x') }}", []),
    ("select x.a from {{ source('raw', 'sheet_x') }} as x\nleft join {{ source('raw', 'y') }} as y on y.k = x.k",
     ["stg_x.sql: reads 2 sources", "stg_x.sql: join"]),
    ("select a from {{ source('raw', 'sheet_x') }} as a where {{ not_rejected('a') }}",
     ["stg_x.sql: reads 2 sources", "stg_x.sql: exists", "stg_x.sql: where"]),
    ("select a, {{ is_repeat() }} as r from {{ source('raw', 'sheet_x') }}", ["stg_x.sql: over"]),
    ("-- where it is joined: in int_x\nselect * from {{ ref('stg_y') }}", ["stg_x.sql: reads 0 sources",
                                                                            "stg_x.sql: ref("]),
])
def test_the_layer_checker_finds_a_staging_model_that_classifies(tmp_path, model, found):
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "rules.sql").write_text(_RULE_MACRO, encoding="utf-8")
    (tmp_path / "models" / "staging").mkdir(parents=True)
    (tmp_path / "models" / "staging" / "stg_x.sql").write_text(model, encoding="utf-8")
    assert layer_violations(tmp_path) == found


def test_the_layer_checker_finds_a_mart_reading_a_source_through_a_macro(tmp_path):
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "rules.sql").write_text(_RULE_MACRO, encoding="utf-8")
    (tmp_path / "models" / "marts").mkdir(parents=True)
    (tmp_path / "models" / "marts" / "m.sql").write_text(
        "select * from {{ ref('int_x') }} as x where {{ not_rejected('x') }}", encoding="utf-8")
    assert layer_violations(tmp_path) == ["m.sql: reads a source"]
