-- 加减分登记: a bonus or deduction the office set (signed points as written).
select
    source_file,
    sheet,
    row_number,
    row_key,
    adjusted_on,
    adjusted_on_text,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ strip_text('item') }} as item,
    {{ text_key('points') }} as points_text,
    {{ strip_text('note') }} as note
from {{ source('raw', 'sheet_adjustments') }}
