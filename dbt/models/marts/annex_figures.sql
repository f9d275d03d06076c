{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- The annex's points in long format (P/points.csv): per period, unit of the period and component of the scheme
-- (int_scheme_components), the events and points of the period and of the year to its end — the months of
-- unit_month_figures added up. A unit's components add up to its annex points (test bi_marts_add_up_to_annex).
with facts as (
    select
        unit_name,
        component_order,
        sum(case when in_period then count else 0 end) as count,
        sum(count) as count_ytd,
        sum(case when in_period then points else 0 end) as points,
        sum(points) as points_ytd
    from {{ ref('unit_month_figures') }}
    where period_id = {{ period_id() }}
    group by unit_name, component_order
)

select
    u.period_id,
    u.unit_name,
    u.short_name as unit,
    u.unit_group,
    c.component_order,
    c.component,
    c.item,
    c.level,
    c.publication_key as publication,
    cast(coalesce(f.count, 0) as integer) as count,
    cast(coalesce(f.count_ytd, 0) as integer) as count_ytd,
    cast(coalesce(f.points, 0) as decimal(12, 2)) as points,
    cast(coalesce(f.points_ytd, 0) as decimal(12, 2)) as points_ytd
from {{ ref('int_period_units') }} as u
cross join {{ ref('int_scheme_components') }} as c
left join facts as f on f.unit_name = u.unit_name and f.component_order = c.component_order
where u.period_id = {{ period_id() }}
