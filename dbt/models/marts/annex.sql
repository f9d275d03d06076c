{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period_id',
          on_schema_change='fail') }}
-- The published annex: one row per registered unit and period (contract columns, plus period_id and
-- the printed position: 合格 first, then points and points_ytd descending, then registry order).
select
    f.period_id,
    cast(row_number() over (
        order by case v.verdict when '合格' then 0 else 1 end, f.points desc, f.points_ytd desc, f.registry_order
    ) as integer) as position,
    f.short_name as unit,
    f.submitted,
    f.submitted_ytd,
    f.info_province,
    f.info_province_ytd,
    f.info_prefecture,
    f.info_prefecture_ytd,
    f.info_city,
    f.info_city_ytd,
    f.brief_province,
    f.brief_province_ytd,
    f.brief_prefecture,
    f.brief_prefecture_ytd,
    f.brief_city,
    f.brief_city_ytd,
    f.points,
    f.points_ytd,
    v.verdict
from {{ ref('int_unit_period_figures') }} as f
join {{ ref('period_verdicts') }} as v on v.unit_name = f.unit_name and v.period_id = f.period_id
