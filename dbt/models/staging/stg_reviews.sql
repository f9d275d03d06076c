-- 审核登记: the office's decision on one submission (是 counts it, 否 excludes it).
select
    source_file,
    sheet,
    row_number,
    row_key,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ strip_text('title') }} as title,
    {{ title_key('title') }} as title_key,
    {{ text_key('counted') }} as counted_written,
    case {{ text_key('counted') }} when '是' then true when '否' then false end as is_counted,
    {{ strip_text('reason') }} as reason
from {{ source('raw', 'sheet_reviews') }}
