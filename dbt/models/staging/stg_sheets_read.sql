-- One row per worksheet read (raw.sheets_read), with the contract sheet it was recognised as (null if none).
select source_file, sheet, contract_sheet, header_row, rows
from {{ source('raw', 'sheets_read') }}
