"""Great Expectations' import, at about half its cost. Part of its import goes to modules that a validation of pandas
frames never runs: SciPy's statistics and Altair, which its distribution expectations and their renderers import at
module level (1 of its 2.5 CPU-s here), and, where SQLAlchemy is installed (Airflow installs it), its SQL support
(0.4 CPU-s more). Every place that imports GX goes through `great_expectations()`."""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType

# imported by GX's module level, used only inside the functions of expectations this project never builds
# (KL divergence, KS tests) and of their charts: each is loaded on its first attribute access instead
ON_FIRST_USE = frozenset({"scipy", "scipy.stats", "altair"})


class _OnFirstUse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name not in ON_FIRST_USE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


class WithoutSqlAlchemy(importlib.abc.MetaPathFinder):
    """Refuses SQLAlchemy, which GX takes as SQLAlchemy not installed: 0.4 CPU-s of its import. Only for a process
    that never needs it (the validate step's child: GX's SQL data source does not work on DuckDB, and this project
    validates pandas frames); an Airflow task process needs it for Airflow."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "sqlalchemy":
            raise ModuleNotFoundError(f"No module named {name!r} (left out of the validate step's process)",
                                      name=name)
        return None


def great_expectations() -> ModuleType:
    """The `great_expectations` module, imported with SciPy's statistics and Altair loaded on first use (a module
    already imported stays as it is)."""
    if "great_expectations" not in sys.modules:
        finder = _OnFirstUse()
        sys.meta_path.insert(0, finder)
        try:
            import great_expectations  # noqa: F401
        finally:
            sys.meta_path.remove(finder)
    return sys.modules["great_expectations"]
