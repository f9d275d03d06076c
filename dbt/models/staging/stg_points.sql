-- 积分标准: points (decimal, may be negative) per item (报送, an 采用类型, …), level (an 采用级别; none for 报送),
-- 刊物, yearly 上限 and 生效日期, as written (the scheme codes of 项目 and 级别 are resolved in int_point_rules).
select
    source_file,
    sheet,
    row_number,
    row_key,
    {{ text_key('item') }} as item,
    {{ text_key('level') }} as level_written,
    {{ try_cast_decimal(text_key('points')) }} as points,
    {{ text_key('publication') }} as publication_key,
    {{ try_cast_decimal(text_key('cap')) }} as cap,
    effective_from,
    effective_from_text
from {{ source('raw', 'sheet_points') }}
