-- 积分标准: points (decimal, may be negative) per item (报送, an 采用类型, …), level (an 采用级别; none for 报送),
-- 刊物, yearly 上限 and 生效日期.
select
    p.source_file,
    p.sheet,
    p.row_number,
    {{ text_key('p.item') }} as item,
    {{ text_key('p.level') }} as level_written,
    l.name as level,
    l.code as level_code,
    k.code as kind_code,
    {{ try_cast_decimal(text_key('p.points')) }} as points,
    {{ text_key('p.publication') }} as publication_key,
    {{ try_cast_decimal(text_key('p.cap')) }} as cap,
    p.effective_from,
    p.effective_from_text,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_points') }} as p
left join {{ source('raw', 'scheme_spellings') }} as ls on ls.dimension = 'level' and ls.written_key = {{ text_key('p.level') }}
left join {{ source('raw', 'scheme_levels') }} as l on l.code = ls.code
left join {{ source('raw', 'scheme_spellings') }} as ks on ks.dimension = 'kind' and ks.written_key = {{ text_key('p.item') }}
left join {{ source('raw', 'scheme_kinds') }} as k on k.code = ks.code
where {{ not_rejected('p') }}
