"""Where the files the package carries are: the dbt project (its seeds are the rules' defaults) and
the bundled sample. A wheel installs them under govinfo/data/ (setup.py); a checkout has them at
dbt/ and samples/golmud-2024/. Here, in the lowest layer, so every package can find them."""
from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]  # site-packages, or the checkout


def _installed_or_checkout(installed: str, checkout: str) -> Path:
    packaged = _ROOT / "govinfo" / "data" / installed
    return packaged if packaged.is_dir() else _ROOT / checkout


DBT_PROJECT = _installed_or_checkout("dbt", "dbt")
SEEDS = DBT_PROJECT / "seeds"
SAMPLE_INPUTS = _installed_or_checkout("sample", "samples/golmud-2024")
