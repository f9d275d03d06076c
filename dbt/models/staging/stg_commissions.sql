-- 约稿: commissioned topics; 责任单位 lists units or says 各部门、各单位.
select
    source_file,
    sheet,
    row_number,
    row_key,
    {{ text_key('commission_no') }} as commission_no,
    {{ strip_text('topic') }} as topic,
    {{ strip_text('units') }} as units,
    due_on,
    due_on_text,
    published_on,
    published_on_text
from {{ source('raw', 'sheet_commissions') }}
