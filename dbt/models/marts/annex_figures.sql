{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period_id',
          on_schema_change='fail') }}
-- The annex's points in long format (P/points.csv): per period, unit of the period and component of the scheme
-- (int_scheme_components), the events and points of the period and of the year to its end. A unit's components
-- add up to its annex points; the annex's adoption columns are the pivot of int_unit_period_points.
with facts as (
    select
        unit_name,
        component,
        kind_code,
        component_level_code as level_code,
        publication_key,
        sum(count) as count,
        sum(count_ytd) as count_ytd,
        sum(points) as points,
        sum(points_ytd) as points_ytd
    from {{ ref('int_unit_period_points') }}
    group by unit_name, component, kind_code, component_level_code, publication_key
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
left join facts as f
    on f.unit_name = u.unit_name
   and f.component = c.component
   and f.kind_code is not distinct from c.kind_code
   and f.level_code is not distinct from c.level_code
   and f.publication_key is not distinct from c.publication_key
where u.period_id = {{ period_id() }}
