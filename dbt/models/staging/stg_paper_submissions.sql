-- 纸质报送: submissions that came on paper only.
select
    source_file,
    sheet,
    row_number,
    submitted_on,
    submitted_on_text,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ strip_text('title') }} as title,
    {{ text_key('commission_no') }} as commission_no,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_paper') }} as p
where {{ not_rejected('p') }}
