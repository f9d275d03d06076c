-- For the period built, the ledgers, the monthly table and the long figures give the annex's figures unit by unit.
{%- set pairs = scheme_adoption_columns() %}
with months as (
    select
        unit_name,
        sum(case when in_period then submitted else 0 end) as submitted,
        sum(submitted) as submitted_ytd,
        sum(case when in_period then adopted else 0 end) as adopted,
        sum(case when in_period then points else 0 end) as points,
        sum(points) as points_ytd
    from {{ ref('unit_months') }}
    where period_id = {{ period_id() }}
    group by unit_name
),

figures as (
    select unit_name, sum(points) as points, sum(points_ytd) as points_ytd
    from {{ ref('annex_figures') }}
    where period_id = {{ period_id() }}
    group by unit_name
),

ledger as (
    select unit_name, count(*) as submitted from {{ ref('submissions') }}
    where counted and period_id = {{ period_id() }}
    group by unit_name
),

adopted as (
    select
        a.unit_name,
        {%- for kind, level in pairs %}
        count(*) filter (where l.code = '{{ level }}' and k.code = '{{ kind }}') as {{ kind }}_{{ level }},
        {%- endfor %}
        count(*) as adopted
    from {{ ref('adoptions') }} as a
    join {{ ref('stg_scheme_levels') }} as l on l.name = a.level
    join {{ ref('stg_scheme_kinds') }} as k on k.name = a.adoption_type
    where a.counted and a.period_id = {{ period_id() }}
    group by a.unit_name
)

select a.unit
from {{ ref('annex') }} as a
left join months as m on m.unit_name = a.unit_name
left join figures as f on f.unit_name = a.unit_name
left join ledger as l on l.unit_name = a.unit_name
left join adopted as d on d.unit_name = a.unit_name
where a.period_id = {{ period_id() }}
  and (m.unit_name is null
       or a.submitted <> m.submitted or a.submitted_ytd <> m.submitted_ytd
       or a.points <> m.points or a.points_ytd <> m.points_ytd
       or a.points <> f.points or a.points_ytd <> f.points_ytd
       or a.submitted <> coalesce(l.submitted, 0)
       or a.adopted <> m.adopted or a.adopted <> coalesce(d.adopted, 0)
       {%- for kind, level in pairs %}
       or a.{{ kind }}_{{ level }} <> coalesce(d.{{ kind }}_{{ level }}, 0)
       {%- endfor %})
