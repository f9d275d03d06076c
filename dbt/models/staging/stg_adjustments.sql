-- 加减分登记: a bonus or deduction the office set (signed points as written).
select
    source_file,
    sheet,
    row_number,
    adjusted_on,
    adjusted_on_text,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ strip_text('item') }} as item,
    {{ text_key('points') }} as points_text,
    {{ strip_text('note') }} as note,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_adjustments') }} as a
where {{ not_rejected('a') }}
