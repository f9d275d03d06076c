-- 单位名册 rows: one unit may have several rows whose 启用日期–停用日期 ranges do not overlap (both days active,
-- empty = open). A unit is its 单位名称's key (NFKC, as the validate step's duplicate_unit rule compares them) and
-- is named by its first row; its registry order is the position of that row (workbook path, then row).
with rows as (
    select
        first_value(u.unit_name) over (partition by u.unit_key order by u.source_file, u.sheet, u.row_number)
            as unit_name,
        u.unit_key,
        coalesce(u.short_name, u.unit_name) as short_name,  -- 表内名称 empty: the 单位名称
        u.aliases,
        u.emails,
        u.tier,
        u.unit_group,
        u.active_from,
        u.active_to,
        u.source_file,
        u.sheet,
        u.row_number,
        row_number() over (order by u.source_file, u.sheet, u.row_number) as row_order
    from {{ ref('stg_units') }} as u
    join {{ ref('int_register_rows') }} as k
        on k.source_file = u.source_file and k.sheet = u.sheet and k.row_number = u.row_number
    where k.outcome = 'used' and u.unit_key is not null
)

select
    *,
    min(row_order) over (partition by unit_key) as registry_order
from rows
