"""Running suites with Great Expectations on pandas frames: one ephemeral Data Context a run,
a Validation Definition per suite, COMPLETE results indexed by the lineage columns.

A suite's outcomes are a function of the frame it checks, its expectations, the lineage columns, Great
Expectations' version and this module: `fingerprint` digests all five, and a runner given the outcomes of an
earlier run under the same fingerprint (`known`) returns them without running the suite again, and without
importing Great Expectations: the caller describes its expectations as data and builds them only when asked.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

import pandas as pd

from .gx_import import great_expectations


@dataclass
class Outcome:
    """One expectation's result: which rows (by lineage) failed it."""
    expectation: str
    column: str | None
    success: bool
    checked: int
    failed_positions: list[int]    # row positions in the validated frame


class _Digest:
    """A file-like sink for pickle that feeds sha256 (the frame is never held twice in memory)."""

    def __init__(self, digest):
        self.write = digest.update


def fingerprint(suite_name: str, frame: pd.DataFrame, checks, lineage: tuple[str, ...]) -> str:
    """sha256 of everything a suite's outcomes depend on; checks: what the caller builds its expectations from
    (their types and arguments, or the figures and code that make them). The frame enters pickled: equal pickles
    are equal frames (values, their types, column names and dtypes, index), so a fingerprint seen before means the
    same checks on the same data."""
    digest = hashlib.sha256()
    digest.update(json.dumps([suite_name, list(lineage), metadata.version("great_expectations"), checks],
                             sort_keys=True, default=repr).encode())
    digest.update(Path(__file__).read_bytes())
    pickle.Pickler(_Digest(digest), protocol=5).dump(frame)
    return digest.hexdigest()


def outcomes_json(outcomes: list[Outcome]) -> str:
    return json.dumps([asdict(o) for o in outcomes])


def outcomes_from_json(text: str) -> list[Outcome]:
    return [Outcome(**o) for o in json.loads(text)]


class SuiteRunner:
    """Runs suites in one ephemeral context (made at the first suite that is not `known`: fingerprint → outcomes
    of an earlier run). `fingerprints` holds suite name → (fingerprint, outcomes) of every suite run or reused."""

    def __init__(self, name: str, known: dict[str, list[Outcome]] | None = None):
        self.name = name
        self.known = known or {}
        self.fingerprints: dict[str, tuple[str, list[Outcome]]] = {}
        self.source = None

    def run(self, suite_name: str, frame: pd.DataFrame, build: Callable[[], list], lineage: tuple[str, ...],
            checks) -> list[Outcome]:
        """The suite's outcomes: build() makes its expectations when the suite has to run; checks describes
        them (fingerprint)."""
        key = fingerprint(suite_name, frame, checks, lineage)
        outcomes = self.known.get(key)
        if outcomes is None:
            outcomes = self._run(suite_name, frame, build(), lineage)
        self.fingerprints[suite_name] = (key, outcomes)
        return outcomes

    def _run(self, suite_name: str, frame: pd.DataFrame, expectations: list, lineage: tuple[str, ...]) -> list[Outcome]:
        gx = great_expectations()   # a second or more, ~250 MB: only when a suite runs
        from great_expectations.data_context.types.base import ProgressBarsConfig

        if self.source is None:
            self.context = gx.get_context(mode="ephemeral")
            self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
            self.source = self.context.data_sources.add_pandas(self.name)
        asset = self.source.add_dataframe_asset(name=suite_name)
        batch = asset.add_batch_definition_whole_dataframe(f"{suite_name}-all")
        suite = self.context.suites.add(gx.ExpectationSuite(name=suite_name, expectations=expectations))
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=f"validate {suite_name}", data=batch, suite=suite))
        frame = frame.reset_index(drop=True).assign(_pos=range(len(frame)))
        result = definition.run(batch_parameters={"dataframe": frame}, result_format={
            "result_format": "COMPLETE", "unexpected_index_column_names": [*lineage, "_pos"]})
        # GX returns results in its own order: put them back in the suite's order
        by_id = {item.expectation_config.id: item for item in result.results}
        outcomes = []
        for expected in suite.expectations:
            item = by_id[expected.id]
            details = item.result or {}
            rows = details.get("unexpected_index_list") or []
            outcomes.append(Outcome(item.expectation_config.type, item.expectation_config.kwargs.get("column"),
                                    bool(item.success), int(details.get("element_count") or len(frame)),
                                    [int(row["_pos"]) for row in rows]))
        return outcomes
