{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- unit_months by kind and level, in long format (no list of levels or kinds: one row per unit of the period,
-- calendar month from January to the period's end and component of the scheme (int_scheme_components: 报送, each
-- 采用类型 × 采用级别, each 刊物 row, 批示 per level, 约稿, 达标, 加减分) that has events in the month. annex_figures
-- (points.csv) adds up its months.
with facts as (
    select
        unit_name,
        month,
        component,
        kind_code,
        component_level_code as level_code,
        publication_key,
        sum(events) as events,
        sum(points) as points
    from {{ ref('int_unit_month_points') }}
    group by unit_name, month, component, kind_code, component_level_code, publication_key
)

select
    {{ period_id() }} as period_id,
    f.month,
    f.month >= {{ period_start() }} as in_period,
    u.unit_name,
    u.short_name as unit,
    u.unit_group,
    c.component_order,
    c.component,
    c.item,
    c.kind_code,
    c.level_code,
    c.level,
    c.publication_key as publication,
    cast(f.events as integer) as count,
    cast(f.points as decimal(12, 2)) as points
from {{ ref('int_period_units') }} as u
join facts as f on f.unit_name = u.unit_name
join {{ ref('int_scheme_components') }} as c
    on c.component = f.component
   and c.kind_code is not distinct from f.kind_code
   and c.level_code is not distinct from f.level_code
   and c.publication_key is not distinct from f.publication_key
where u.period_id = {{ period_id() }}
