"""The steps of a run, the same functions whether the CLI, Airflow or a test calls them."""
from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
import threading
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import duckdb

from ingestion.errors import InputError
from ingestion.imap_fetch import ARCHIVE_FOLDER, FetchSummary, ImapSettings, fetch_new_messages
from ingestion.ingest import IngestSummary, ingest
from ingestion.limits import bound_memory

from . import pause, serving
from .ahead import Ahead
from .config import SAMPLE_INPUTS, Paths
from .history import withdraw
from .periods import check_period, period_ending, periods_between, stored_period, write_periods
from .postgres import load_raw
from .publish_folder import staged_folder
from .run_lock import SHANGHAI
from .summary import period_summary, validation_lines
from .transform import annex_suite_kept, dbt_build, docs_site

if TYPE_CHECKING:
    from expectations.validation import InputValidation


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def ingest_step(paths: Paths, progress: Callable[[str], None] = _stderr) -> IngestSummary:
    return ingest(paths.inputs, paths.warehouse, progress=pause.on_first_line("ingest", progress))


def _validated_in(child: subprocess.Popen, warehouse: Path) -> InputValidation:
    with child:
        try:
            child.stdin.write(f"{warehouse}\n".encode())
            child.stdin.close()
        except BrokenPipeError:
            pass   # it ended before it was asked: no answer below says so
        answer = child.stdout.read()
    result = pickle.loads(answer) if answer else RuntimeError(
        f"the validate step's process ended without an answer (exit {child.returncode}); nothing was published")
    if isinstance(result, BaseException):
        raise result
    return result


def validate_step(paths: Paths, period_id: str | None = None,
                  started: subprocess.Popen | None = None) -> InputValidation:
    """Row problems go to the rejected table; a structural problem, or a period id that is not of its
    year's 考核周期, raises InputError before dbt. Writes the rule tables raw.scheme_*. In `started` (a child of
    govinfo.ahead.start_validate), when given."""
    if started is not None:
        validated = _validated_in(started, paths.warehouse)
    else:
        # Great Expectations (seconds, ~300 MB) loads there only if a suite's inputs changed (an Airflow task, a backfill)
        from expectations.validate_inputs import validate_inputs

        validated = validate_inputs(paths.warehouse)
    write_periods(paths.warehouse, period_id)
    return validated


def validate_only(paths: Paths, period_id: str | None = None) -> list[str]:
    """ingest → validate without building: what `govinfo validate` prints, each rejected row on its line."""
    if period_id:
        check_period(period_id)
    landed = ingest_step(paths)
    validated = validate_step(paths, period_id)
    return landed.lines() + validated.lines() + validation_lines(paths.warehouse)


def transform_step(paths: Paths, period_id: str, progress: Callable[[str], None] = _stderr,
                   started: subprocess.Popen | None = None, meanwhile: Callable[[], None] | None = None) -> None:
    """dbt build of the period (in `started`, a dbt child of start_dbt, when given); meanwhile() is called once dbt
    has been asked to build."""
    write_periods(paths.warehouse, check_period(period_id))  # its bounds, for dbt; refuses an id of another form
    if paths.target == "postgres":
        copied = load_raw(paths.warehouse)  # the validated raw schema, as dbt's sources on the server
        progress(f"postgres: raw schema copied, {sum(copied.values())} rows")
    dbt_build(paths.warehouse, period_id, pause.on_first_line("dbt", progress), target=paths.target, started=started,
              meanwhile=meanwhile)


def serve_step(paths: Paths, progress: Callable[[str], None] = _stderr, meanwhile: bool = False) -> serving.Staged:
    """The serving step: a snapshot of the build (what publishing reads, from DuckDB or PostgreSQL) and the
    serving copy BI reads (the marts, e-mail addresses withheld), written under temporary names. publish_step
    swaps the serving copy in once the period's folder is swapped in; until then BI keeps the previous one.
    meanwhile: the serving copy is written while this process goes on to publish (run_period)."""
    ready = serving.stage(paths, progress, meanwhile)
    progress(f"serving: snapshot of the build written, and the serving copy {'being ' if meanwhile else ''}written; "
             f"swapped in after publishing ({ready.serving_tmp.name})")
    return ready


def _publish(paths: Paths, period_id: str, progress: Callable[[str], None], ready: serving.Staged,
             notice_date: dt.date | None = None) -> tuple[Path, list[str]]:
    """The period's files, docs and summary, read from the staged snapshot and written into a new folder;
    once all are written the folder is swapped in for publish/<period>, then the staged serving copy replaces
    <warehouse>.serving.duckdb (govinfo/publish_folder.py). The notice is dated notice_date, else today."""
    # pandas, altair, python-docx, openpyxl: only the steps that publish
    from .period_documents import period_documents
    from .publish import publish_period, write_bytes_atomic

    final = paths.publish_dir / check_period(period_id)
    with ready:
        with staged_folder(final, progress) as folder:
            publish_period(ready.snapshot, folder, period_id, annex_suite_kept(paths.warehouse))
            with duckdb.connect(str(ready.snapshot), read_only=True) as con:
                bound_memory(con)
                for name, data in period_documents(con, period_id, notice_date or dt.date.today()).items():
                    write_bytes_atomic(folder / name, data)
            for name, built in docs_site(paths.warehouse).items():
                write_bytes_atomic(folder / "docs" / name, built.read_bytes())   # as dbt wrote it: no decoding
            summary = period_summary(ready.snapshot, period_id)
        ready.commit()
    return final, summary


def publish_step(paths: Paths, period_id: str, staged: str | None = None,
                 progress: Callable[[str], None] = _stderr, notice_date: dt.date | None = None) -> Path:
    """Publish a built period from what serve_step staged (its token; staged now when None or gone);
    its summary goes to progress (an Airflow task's log)."""
    ready = serving.Staged(paths, staged) if staged else None
    if ready is None or not ready.exists():
        if ready is not None:
            progress(f"serving: the copy staged by process {staged} is gone (another run cleared it): staging again")
        ready = serve_step(paths, progress)
    folder, summary = _publish(paths, period_id, progress, ready, notice_date)
    for line in summary:
        progress(line)
    return folder


def check_mail_folder(paths: Paths, allow_empty: bool = False) -> None:
    """Refuse inputs without mail/: the annex would count nothing and every unit would be 不合格."""
    if not allow_empty and not (paths.inputs / "mail").is_dir():
        raise InputError("has no mail/ folder, so nothing would be counted and every unit would be 不合格: put the "
                         "office's messages in mail/ (or run with --allow-empty if there truly are none)",
                         file=str(paths.inputs))


def check_publishable(paths: Paths, period_id: str, allow_empty: bool = False, today: dt.date | None = None) -> None:
    """After validate: refuse a period that has not ended (Shanghai time) or that no message is dated in."""
    today = today or dt.datetime.now(SHANGHAI).date()
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        period = stored_period(con, period_id)
        messages = con.execute("SELECT count(*) FROM raw.mail_messages WHERE CAST(sent_at AS DATE) >= ? "
                               "AND CAST(sent_at AS DATE) < ?", [period.start, period.end]).fetchone()[0]
    span = f"period {period_id} ({period.start} – {period.last_day})"
    if today < period.end:
        raise InputError(f"{span} has not ended yet (today is {today} in Asia/Shanghai): its annex would be "
                         f"partial; run it from {period.end} on")
    if not messages and not allow_empty:
        raise InputError(f"no message under {paths.inputs / 'mail'} is dated in {span}, so its annex would be all "
                         "zeros: check the inputs folder and the period (or run with --allow-empty if the office "
                         "truly received none)")


def run_period(paths: Paths, period_id: str, progress: Callable[[str], None] = _stderr,
               allow_empty: bool = False, notice_date: dt.date | None = None, ahead: Ahead | None = None) -> list[str]:
    """ingest → validate → dbt build → serving → publish for one period; returns the summary lines. Refuses (InputError)
    inputs without mail/, a period not ended, a period without any message (unless allow_empty). The notice
    is dated notice_date, else today. ahead: its dbt and validate children, if the caller started them (the CLI,
    before its imports); else they start here, before ingest, which they overlap."""
    try:
        check_period(period_id)
        check_mail_folder(paths, allow_empty)
        ahead = ahead or Ahead.start(paths, period_id)
        landed = ingest_step(paths, progress)
        validated = validate_step(paths, period_id, started=ahead.validator)
        check_publishable(paths, period_id, allow_empty)
    except BaseException:
        if ahead is not None:
            ahead.cancel()
        raise
    # publishing's libraries (altair, python-docx, openpyxl: half a second) load while this process waits for dbt:
    # once dbt is building, not while this process still reads the warehouse to tell it what to build
    transform_step(paths, period_id, progress, started=ahead.dbt,
                   meanwhile=lambda: _import_meanwhile("govinfo.period_documents"))
    ready = serve_step(paths, progress, meanwhile=True)
    folder, summary = _publish(paths, period_id, progress, ready, notice_date)
    return landed.lines() + validated.lines() + summary + [f"published: {folder}"]


def _import_meanwhile(module: str) -> None:
    """Import a module in a thread, so that the import costs nothing to a caller that waits meanwhile. A failure is
    left to the import where the module is used, which raises it (a failed import is tried again)."""
    def load() -> None:
        try:
            import_module(module)
        except Exception:  # noqa: BLE001, S110 - raised again where it is used
            pass
    threading.Thread(target=load, name=f"import {module}", daemon=True).start()


def period_ending_with(paths: Paths, month: dt.date) -> str | None:
    """The id of the scheme's period whose last month is that month, or None (the scheduled DAG's question)."""
    return period_ending(paths.warehouse, month)


def backfill(paths: Paths, first: str, last: str, progress: Callable[[str], None] = _stderr,
             allow_empty: bool = False) -> list[str]:
    """run_period for every period from first to last, by the scheme's 考核周期 of each year."""
    check_period(first), check_period(last)
    check_mail_folder(paths, allow_empty)
    ingest_step(paths, progress)
    validate_step(paths)
    lines = []
    for period_id in periods_between(paths.warehouse, first, last):
        lines += run_period(paths, period_id, progress, allow_empty)
    return lines


def delete_period(paths: Paths, period_id: str, progress: Callable[[str], None] = _stderr) -> list[str]:
    """Remove a period from the marts, the serving copy and publish/ (its files kept under history/)."""
    check_period(period_id)
    if not paths.warehouse.exists():
        raise InputError("no warehouse here: nothing to delete", file=str(paths.warehouse))
    lines = []
    with duckdb.connect(str(paths.warehouse)) as con:
        tables = con.execute("SELECT table_name FROM duckdb_tables() JOIN duckdb_columns() "
                             "USING (database_name, schema_name, table_name) WHERE database_name = current_database() "
                             "AND schema_name = 'marts' AND column_name = 'period_id' ORDER BY ALL").fetchall()
        for (table,) in tables:
            deleted = con.execute(f'DELETE FROM marts."{table}" WHERE period_id = ?', [period_id]).fetchone()[0]
            lines.append(f"marts.{table}: {deleted} rows of {period_id} deleted")
    if paths.serving.exists():
        with serving.staged(paths, progress):
            pass
        lines.append(f"{paths.serving}: written again without {period_id}")
    kept = withdraw(paths.publish_dir / period_id)
    lines.append(f"{paths.publish_dir / period_id}: files moved to {kept}" if kept
                 else f"{paths.publish_dir / period_id}: nothing published")
    return lines


def fetch_mail_step(paths: Paths, progress: Callable[[str], None] = _stderr,
                    settings: ImapSettings | None = None) -> FetchSummary:
    """Archive the office mailbox's new messages under <inputs>/mail/imap/, where the next run counts them."""
    if paths.inputs == SAMPLE_INPUTS.resolve():
        raise InputError("fetch-mail writes into the inputs folder: set --inputs or GOVINFO_INPUTS, "
                         "not the bundled sample", file=str(paths.inputs))
    if not paths.inputs.is_dir():
        raise InputError("inputs folder not found", file=str(paths.inputs))
    return fetch_new_messages(settings or ImapSettings.from_env(), paths.inputs.joinpath(*ARCHIVE_FOLDER), progress)
