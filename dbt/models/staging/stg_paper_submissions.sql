-- 纸质报送: submissions that came on paper only.
select
    source_file,
    sheet,
    row_number,
    row_key,
    submitted_on,
    submitted_on_text,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ strip_text('title') }} as title,
    {{ text_key('commission_no') }} as commission_no
from {{ source('raw', 'sheet_paper') }}
