{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- The months behind each period's annex: per unit of the period and calendar month from January to the period's
-- end, counted submissions, adoptions (every kind and level; the breakdown is in annex_figures) and points after
-- the caps (a month without any is a row of zeros). The period's months add up to the annex's submitted, adopted
-- and points, all months of the period's rows to the _ytd figures.
with figures as (
    select
        unit_name,
        month,
        sum(case when component = 'submission' then events else 0 end) as submitted,
        sum(case when component = 'adoption' then events else 0 end) as adopted,
        sum(points) as points
    from {{ ref('int_unit_month_points') }}
    group by unit_name, month
)

select
    {{ period_id() }} as period_id,
    m.month,
    m.month >= {{ period_start() }} as in_period,
    u.unit_name,
    u.short_name as unit,
    u.tier,
    cast(coalesce(f.submitted, 0) as integer) as submitted,
    cast(coalesce(f.adopted, 0) as integer) as adopted,
    cast(coalesce(f.points, 0) as decimal(12, 2)) as points
from {{ ref('int_period_units') }} as u
cross join ({{ months_to_period_end(year_start()) }}) as m
left join figures as f on f.unit_name = u.unit_name and f.month = m.month
where u.period_id = {{ period_id() }}
