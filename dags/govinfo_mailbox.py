"""govinfo's mailbox poll: every hour, archive the office mailbox's new messages (the CLI's `govinfo fetch-mail`).

Settings come from the Airflow connection `govinfo_imap` (host, port, login, password; extra
{"folder": "INBOX", "security": "tls" | "starttls" | "plain", "delete_archived": false}) when it
exists, else from the GOVINFO_IMAP_* variables; the inputs folder from GOVINFO_INPUTS. A run that
took new messages updates the Asset `govinfo://mailbox/archive`; a run with nothing new is skipped
and updates nothing. govinfo is imported inside the task so that parsing this file stays cheap.
"""
from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, dag, task

MAILBOX_ARCHIVE = Asset("govinfo://mailbox/archive")
CONNECTION_ID = "govinfo_imap"


@dag(
    dag_id="govinfo_mailbox",
    schedule="@hourly",
    start_date=pendulum.datetime(2024, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    # connection errors are retried after 1, 2, 4, 8, 16 minutes: within the hour, before the next poll
    default_args={"retries": 5, "retry_delay": timedelta(minutes=1), "retry_exponential_backoff": 2.0,
                  "max_retry_delay": timedelta(minutes=30)},
    tags=["govinfo"],
    doc_md=__doc__,
)
def govinfo_mailbox():
    @task(outlets=[MAILBOX_ARCHIVE])
    def fetch_mail(outlet_events=None) -> dict:
        from airflow.sdk import Connection
        from airflow.sdk.exceptions import AirflowFailException, AirflowNotFoundException, AirflowSkipException

        from govinfo.config import Paths
        from govinfo.pipeline import fetch_mail_step
        from ingestion.errors import InputError
        from ingestion.imap_fetch import ImapConnectionError, ImapError, ImapSettings

        try:
            try:
                settings = ImapSettings.from_connection(Connection.get(CONNECTION_ID))
            except AirflowNotFoundException:
                settings = ImapSettings.from_env()
            summary = fetch_mail_step(Paths.resolve(), print, settings)
        except ImapConnectionError:
            raise  # passing: retried with back-off
        except (ImapError, InputError) as exc:  # a refused login, a missing folder or setting: retrying won't help
            raise AirflowFailException(str(exc)) from exc
        print(summary.line())
        result = {"fetched": summary.fetched, "already_had": summary.already_had, "folder": summary.folder,
                  "uidvalidity": summary.uidvalidity, "watermark": summary.watermark}
        if not summary.fetched and not summary.already_had:
            raise AirflowSkipException("no new messages: the archive is unchanged")
        if outlet_events is not None:
            outlet_events[MAILBOX_ARCHIVE].extra = result
        return result

    fetch_mail()


govinfo_mailbox()
