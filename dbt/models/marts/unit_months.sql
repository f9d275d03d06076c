{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period_id',
          on_schema_change='fail') }}
-- The months behind each period's annex: per registered unit and calendar month from January to the
-- period's end, counted submissions and adoptions and their points (a month without any is a row of zeros).
-- The period's months add up to the annex figures, all months of the period's rows to its _ytd figures.
{%- set categories = ['info_province', 'info_prefecture', 'info_city', 'brief_province', 'brief_prefecture',
                      'brief_city'] %}
with months as (
    {{ months_to_period_end(year_start()) }}
)

select
    {{ period_id() }} as period_id,
    m.month,
    m.month >= {{ period_start() }} as in_period,
    u.unit_name,
    u.short_name as unit,
    u.tier,
    cast(coalesce(a.submitted, 0) as integer) as submitted,
    {%- for c in categories %}
    cast(coalesce(a.{{ c }}, 0) as integer) as {{ c }},
    {%- endfor %}
    cast(coalesce(a.adopted, 0) as integer) as adopted,
    cast(coalesce(a.submitted, 0) * w.per_submission
        {%- for c in categories %} + coalesce(a.{{ c }}, 0) * w.{{ c }}{% endfor %} as integer) as points
from {{ ref('int_units') }} as u
cross join months as m
cross join {{ ref('int_points_weights') }} as w
left join {{ ref('int_unit_months') }} as a on a.unit_name = u.unit_name and a.month = m.month
