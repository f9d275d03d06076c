"""Running suites with Great Expectations on pandas frames: one ephemeral Data Context a run,
a Validation Definition per suite, COMPLETE results indexed by the lineage columns."""
from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig


@dataclass
class Outcome:
    """One expectation's result: which rows (by lineage) failed it."""
    expectation: str
    column: str | None
    success: bool
    checked: int
    failed_positions: list[int]    # row positions in the validated frame


class SuiteRunner:
    def __init__(self, name: str):
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas(name)

    def run(self, suite_name: str, frame: pd.DataFrame, expectations: list, lineage: tuple[str, ...]) -> list[Outcome]:
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
