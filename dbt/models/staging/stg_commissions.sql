-- 约稿: commissioned topics; 责任单位 lists units or says 各部门、各单位.
select
    source_file,
    sheet,
    row_number,
    {{ text_key('commission_no') }} as commission_no,
    {{ strip_text('topic') }} as topic,
    {{ strip_text('units') }} as units,
    due_on,
    due_on_text,
    published_on,
    published_on_text,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_commissions') }} as c
where {{ not_rejected('c') }}
