"""The validate step between ingest and dbt: every landed input checked by its suite.

Row problems go to raw.row_rejections (dbt's int_register_rows and int_messages set those rows aside) and
the run goes on; structural problems stop the run with an InputError naming file, sheet and column.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd

from ingestion.errors import InputError
from ingestion.limits import bound_memory
from ingestion.raw_tables import insert_rows
from ingestion.sheet_specs import SHEETS

from .gx_run import SuiteRunner, outcomes_from_json, outcomes_json
from .input_suites import INPUT_SUITES, InputSuite
from .rules import load_rules
from .scheme import build_scheme, read_scheme, write_scheme
from .validation import InputValidation

# each input suite's fingerprint and outcomes of the last validation (expectations/gx_run.py): a suite whose
# fingerprint is unchanged (same rows, same checks) is not run again
FINGERPRINTS = "raw.validation_fingerprints"
# register dates as datetime.date (pandas would make them Timestamps)
_DATE_FIELDS = {column.field for spec in SHEETS for column in spec.columns if column.is_date}


def input_frame(con, suite: InputSuite) -> pd.DataFrame:
    """raw.<table> as the suite checks it: NULL as None, dates as datetime.date, prepared (keys, flags)."""
    # exact repeats are validated too: dbt (int_register_rows) keeps the first copy that passes, whichever it is
    columns = ", ".join(suite.columns) if suite.columns else "*"
    frame = con.execute(f"SELECT {columns} FROM raw.{suite.table} ORDER BY {', '.join(suite.lineage)}").df()
    frame = frame.astype(object).where(frame.notna(), None)
    for column in _DATE_FIELDS.intersection(frame.columns):
        frame[column] = [v.date() if v is not None else None for v in frame[column]]
    return suite.prepare(frame) if not frame.empty else frame


def validate_inputs(warehouse: Path) -> InputValidation:
    outcome = InputValidation()
    rejections: dict[tuple, dict] = {}
    with duckdb.connect(str(warehouse)) as con:
        bound_memory(con)
        frames = {s.table: input_frame(con, s) for s in INPUT_SUITES}
        write_scheme(con, build_scheme(frames))
        rules = load_rules(frames, read_scheme(con))  # the value sets come from the rule tables dbt reads
        texts = rules.texts()
        runner = SuiteRunner("govinfo_inputs", _known(con))
        for suite in INPUT_SUITES:
            frame = frames[suite.table]
            if frame.empty:
                continue
            if suite.annotate:
                frame = suite.annotate(frame, rules)
            specs = [c.expectation(rules) for c in suite.checks]
            results = runner.run(suite.name, frame, lambda: [s.build() for s in specs], suite.lineage,
                                 checks=[[s.type, s.kwargs] for s in specs])
            frame = frame.reset_index(drop=True)
            for check, result in zip(suite.checks, results):
                outcome.results.append({"suite": suite.name, "expectation": result.expectation,
                                        "severity": check.severity, "reason": check.reason,
                                        "column_name": check.column, "checked": result.checked,
                                        "failed": len(result.failed_positions), "success": result.success})
                if result.success:
                    continue
                failed = [frame.iloc[p].to_dict() for p in result.failed_positions]
                if check.severity == "structural":
                    outcome.structural.append(_structural_message(suite, check, frame, failed, texts))
                    continue
                for row in failed:
                    lineage = (suite.table, *(row[c] for c in suite.lineage))
                    if lineage in rejections:
                        continue  # a row is rejected once, for the first check it fails
                    rejections[lineage] = {
                        "source_file": row["source_file"], "sheet": row.get("sheet"),
                        "row_number": row.get("row_number"), "message_id": row.get("message_id"),
                        "reason": check.reason, "detail": check.detail.format_map(_Blank({**texts, **row})),
                        "expectation": f"{suite.name}: {result.expectation}({check.column})"}
        _store(con, list(rejections.values()), outcome.results, runner.fingerprints)
    outcome.rejected = Counter(r["reason"] for r in rejections.values())
    if outcome.structural:
        raise InputError("the inputs cannot be counted:\n  " + "\n  ".join(outcome.structural))
    return outcome


class _Blank(dict):
    """format_map source that prints missing or empty values as （空）."""

    def __missing__(self, key):
        return "（空）"

    def __getitem__(self, key):
        value = super().get(key)
        return "（空）" if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _structural_message(suite: InputSuite, check, frame: pd.DataFrame, failed: list[dict],
                        texts: dict[str, str]) -> str:
    if failed:
        first = failed[0]
        more = f" (and {len(failed) - 1} more rows)" if len(failed) > 1 else ""
        return (f"{first['source_file']} / sheet {first.get('sheet') or suite.name} / row {first['row_number']}: "
                f"{check.detail.format_map(_Blank({**texts, **first}))}{more}")
    files = ", ".join(sorted(set(frame["source_file"])))
    return f"{files} / sheet {suite.name}: {check.detail.format_map(_Blank(texts))}"


def _known(con) -> dict:
    """fingerprint → outcomes of the suites the last validation ran."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {FINGERPRINTS} (suite VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, "
                "outcomes VARCHAR NOT NULL)")
    return {key: outcomes_from_json(text) for key, text in
            con.execute(f"SELECT fingerprint, outcomes FROM {FINGERPRINTS}").fetchall()}


def _store(con, rejections: list[dict], results: list[dict], fingerprints: dict) -> None:
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM raw.row_rejections")
    con.execute("DELETE FROM raw.validation_results")
    con.execute(f"DELETE FROM {FINGERPRINTS}")
    insert_rows(con, "row_rejections", rejections)
    insert_rows(con, "validation_results", results)
    con.executemany(f"INSERT INTO {FINGERPRINTS} VALUES (?, ?, ?)",
                    [(suite, key, outcomes_json(outcomes)) for suite, (key, outcomes) in fingerprints.items()])
    con.execute("COMMIT")
