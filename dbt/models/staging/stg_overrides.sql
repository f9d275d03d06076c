-- 考核调整: a verdict the office set for one unit and period.
select
    source_file,
    sheet,
    row_number,
    row_key,
    {{ text_key('period_id') }} as period_id,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ text_key('verdict') }} as verdict,
    {{ strip_text('reason') }} as reason
from {{ source('raw', 'sheet_overrides') }}
