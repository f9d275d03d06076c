{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- The printed columns of a period's annex (annex.csv and annex.xlsx), in order, from the scheme in force:
-- unit, [group], submitted[_ytd], <kind>_<level>[_ytd] for every kind and level in their 顺序, [endorsed[_ytd]] when
-- 积分标准 has a 批示 row, [bonus[_ytd]] when it has a 批示, 约稿 or 达标 row or a workbook has 加减分登记,
-- points[_ytd], [rank] when 显示排名 = 是, verdict. With the grouped headers annex.xlsx prints over each column.
{%- set bonus_components = "'endorsement', 'commission_on_time', 'commission_late', 'commission_missing', 'quota_met', 'adjustment'" %}
with period as (
    select *, case when form in ('月', '双月') then '本月' else '本期' end as now_label
    from {{ ref('int_periods') }}
    where period_id = {{ period_id() }}
),

present as (
    select
        exists (select 1 from {{ ref('int_period_units') }}
                where period_id = {{ period_id() }} and unit_group is not null) as has_group,
        exists (select 1 from {{ ref('int_scheme_components') }} where component = 'endorsement') as has_endorsed,
        exists (select 1 from {{ ref('int_scheme_components') }} where component in ({{ bonus_components }}))
            as has_bonus
),

pairs as (
    select k.code || '_' || l.code as column_name, k.name || '采用情况' as header_top, l.name as header_middle,
           k.position as kind_position, l.position as level_position
    from {{ ref('stg_scheme_kinds') }} as k
    cross join {{ ref('stg_scheme_levels') }} as l
),

columns as (
    select 1 as block, 0 as kind_position, 0 as level_position, 0 as ytd, 'unit' as column_name,
           '单位' as header_top, cast(null as varchar) as header_middle, cast(null as varchar) as header_leaf
    union all
    select 2, 0, 0, 0, 'group', '单位类别', null, null from present where has_group
    union all
    select 3, 0, 0, y.ytd, 'submitted' || y.suffix, '信息报送情况', null, y.label || chr(10) || '报送'
    from (select 0 as ytd, '' as suffix, (select now_label from period) as label
          union all select 1, '_ytd', '累计') as y
    union all
    select 4, p.kind_position, p.level_position, y.ytd, p.column_name || y.suffix, p.header_top, p.header_middle,
           y.label || chr(10) || '采用'
    from pairs as p
    cross join (select 0 as ytd, '' as suffix, (select now_label from period) as label
                union all select 1, '_ytd', '累计') as y
    union all
    select 5, 0, 0, y.ytd, 'endorsed' || y.suffix, '领导批示', null, y.label || chr(10) || '批示'
    from (select 0 as ytd, '' as suffix, (select now_label from period) as label
          union all select 1, '_ytd', '累计') as y
    where (select has_endorsed from present)
    union all
    select 6, 0, 0, y.ytd, 'bonus' || y.suffix, '加减分', null, y.label || chr(10) || '加减分'
    from (select 0 as ytd, '' as suffix, (select now_label from period) as label
          union all select 1, '_ytd', '累计') as y
    where (select has_bonus from present)
    union all
    select 7, 0, 0, y.ytd, 'points' || y.suffix, '积分', null, y.label || chr(10) || '积分'
    from (select 0 as ytd, '' as suffix, (select now_label from period) as label
          union all select 1, '_ytd', '累计') as y
    union all
    select 8, 0, 0, 0, 'rank', '排名', null, null from period where show_rank
    union all
    select 9, 0, 0, 0, 'verdict', '是否' || chr(10) || '合格', null, null
)

select
    {{ period_id() }} as period_id,
    cast(row_number() over (order by block, kind_position, level_position, ytd) as integer) as position,
    column_name,
    header_top,
    header_middle,
    header_leaf,
    block in (6, 7) as is_points,
    block not in (1, 2, 8, 9) as is_total
from columns
