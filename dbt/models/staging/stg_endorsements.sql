-- 批示登记: a leader's endorsement of one item.
select
    source_file,
    sheet,
    row_number,
    row_key,
    endorsed_on,
    endorsed_on_text,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ strip_text('title') }} as title,
    {{ text_key('level') }} as level_written,
    {{ strip_text('leader') }} as leader
from {{ source('raw', 'sheet_endorsements') }}
