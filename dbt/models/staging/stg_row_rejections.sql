-- Rows and messages the validate step rejected (raw.row_rejections, one per row or message file; sheet and
-- row_number null for a message), with the expectation that caught each.
select source_file, sheet, row_number, message_id, reason, detail, expectation
from {{ source('raw', 'row_rejections') }}
