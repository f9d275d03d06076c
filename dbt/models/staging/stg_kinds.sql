-- 采用类型: name, ASCII code, aliases and column order as written.
select
    source_file,
    sheet,
    row_number,
    row_key,
    {{ text_key('name') }} as name,
    {{ strip_text('code') }} as code,
    aliases,
    {{ strip_text('sort_order') }} as sort_order_text
from {{ source('raw', 'sheet_kinds') }}
