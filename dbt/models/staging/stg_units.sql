-- 单位名册: one row per register row, names as written (trimmed) and their comparison keys.
select
    source_file,
    sheet,
    row_number,
    row_key,
    {{ strip_text('unit_name') }} as unit_name,
    {{ text_key('unit_name') }} as unit_key,
    {{ strip_text('short_name') }} as short_name,
    aliases,
    emails,
    upper({{ text_key('tier') }}) as tier,
    {{ strip_text('unit_group') }} as unit_group,
    active_from,
    active_from_text,
    active_to,
    active_to_text
from {{ source('raw', 'sheet_units') }}
