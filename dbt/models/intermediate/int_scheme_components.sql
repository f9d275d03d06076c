-- The components a unit's points are made of under the scheme in force, in printing order: 报送; every 采用类型 ×
-- 采用级别 in their 顺序, each followed by the 刊物 rows of that kind; 批示 per level; 约稿按时/逾期/未报 and 达标
-- when 积分标准 has them; 加减分 when a workbook has a 加减分登记 sheet. item is the 积分标准 项目 it prints as.
with kinds as (
    select code, name, position from {{ ref('stg_scheme_kinds') }}
),

levels as (
    select code, name, position from {{ ref('stg_scheme_levels') }}
),

rules as (
    select distinct component, kind_code, level_code, publication_key from {{ ref('int_point_rules') }}
    where component is not null
),

components as (
    select 'submission' as component, cast(null as varchar) as kind_code, cast(null as varchar) as level_code,
           cast(null as varchar) as publication_key, '报送' as item, 0 as group_position, 0 as kind_position,
           0 as level_position
    union all
    select 'adoption', k.code, l.code, null, k.name, 1, k.position, l.position
    from kinds as k cross join levels as l
    union all
    select 'adoption', r.kind_code, r.level_code, r.publication_key, k.name, 1, k.position, 1000000 + coalesce(l.position, 0)
    from rules as r
    join kinds as k on k.code = r.kind_code
    left join levels as l on l.code = r.level_code
    where r.component = 'adoption' and r.publication_key is not null
    union all
    select 'endorsement', null, r.level_code, null, '批示', 2, 0, l.position
    from rules as r
    join levels as l on l.code = r.level_code
    where r.component = 'endorsement'
    union all
    select component, null, null, null,
           case component when 'commission_on_time' then '约稿按时' when 'commission_late' then '约稿逾期'
                          when 'commission_missing' then '约稿未报' else '达标' end,
           case component when 'commission_on_time' then 3 when 'commission_late' then 4
                          when 'commission_missing' then 5 else 6 end, 0, 0
    from rules
    where component in ('commission_on_time', 'commission_late', 'commission_missing', 'quota_met')
    union all
    select distinct 'adjustment', null, null, null, '加减分', 7, 0, 0
    from {{ ref('stg_sheets_read') }}
    where contract_sheet = '加减分登记'
)

select
    c.component,
    c.kind_code,
    c.level_code,
    c.publication_key,
    c.item,
    l.name as level,
    cast(row_number() over (order by c.group_position, c.kind_position, c.level_position, c.publication_key)
         as integer) as component_order
from components as c
left join levels as l on l.code = c.level_code
