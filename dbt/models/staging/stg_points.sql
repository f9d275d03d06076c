-- 积分标准: points per item (报送, 信息, 动态) and level (省/州/市; none for 报送).
select
    p.source_file,
    p.sheet,
    p.row_number,
    {{ text_key('p.item') }} as item,
    {{ text_key('p.level') }} as level_written,
    l.level,
    {{ try_cast_integer(text_key('p.points')) }} as points,
    {{ text_key('p.publication') }} as publication_key,
    {{ text_key('p.cap') }} as cap_text,
    p.effective_from,
    p.effective_from_text,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_points') }} as p
left join {{ ref('adoption_levels') }} as l on l.written = {{ text_key('p.level') }}
where {{ not_rejected('p') }}
