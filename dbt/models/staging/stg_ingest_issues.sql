-- Files, sheets, rows and messages ingestion could not use (raw.ingest_issues), with a reason code.
select source_file, sheet, row_number, message_id, reason, detail
from {{ source('raw', 'ingest_issues') }}
