-- 采用级别: name, ASCII code, aliases and column order as written.
select
    source_file,
    sheet,
    row_number,
    {{ text_key('name') }} as name,
    {{ strip_text('code') }} as code,
    aliases,
    {{ strip_text('sort_order') }} as sort_order_text,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_levels') }} as s
where {{ not_rejected('s') }}
