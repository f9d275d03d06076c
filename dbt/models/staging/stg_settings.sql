-- 考核设置: one row per setting as written (项目, 值, 生效日期).
select
    source_file,
    sheet,
    row_number,
    row_key,
    {{ text_key('item') }} as item,
    {{ strip_text('value') }} as value,
    effective_from,
    effective_from_text
from {{ source('raw', 'sheet_settings') }}
