-- 积分标准: points (decimal, may be negative) per 项目, 级别 as written, 刊物, yearly 上限 and 生效日期.
select
    p.source_file,
    p.sheet,
    p.row_number,
    {{ text_key('p.item') }} as item,
    {{ text_key('p.level') }} as level_written,
    {{ try_cast_decimal(text_key('p.points')) }} as points,
    {{ text_key('p.publication') }} as publication_key,
    {{ try_cast_decimal(text_key('p.cap')) }} as cap,
    p.effective_from,
    p.effective_from_text,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_points') }} as p
where {{ not_rejected('p') }}
