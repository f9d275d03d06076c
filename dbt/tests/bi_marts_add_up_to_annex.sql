-- For the period built, the ledgers and the monthly table give the annex's figures unit by unit.
{%- set kinds = {'info_province': '信息省', 'info_prefecture': '信息州', 'info_city': '信息市',
                 'brief_province': '动态省', 'brief_prefecture': '动态州', 'brief_city': '动态市'} %}
{%- set categories = kinds.keys() | list %}
with months as (
    select
        unit,
        sum(case when in_period then submitted else 0 end) as submitted,
        sum(submitted) as submitted_ytd,
        {%- for c in categories %}
        sum(case when in_period then {{ c }} else 0 end) as {{ c }},
        {%- endfor %}
        sum(case when in_period then points else 0 end) as points,
        sum(points) as points_ytd
    from {{ ref('unit_months') }}
    where period_id = {{ period_id() }}
    group by unit
),

ledger as (
    select unit, count(*) as submitted from {{ ref('submissions') }}
    where counted and period_id = {{ period_id() }}
    group by unit
),

adopted as (
    select
        unit,
        {%- for c, kind in kinds.items() %}
        count(*) filter (where adoption_type || level = '{{ kind }}') as {{ c }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('adoptions') }}
    where counted and period_id = {{ period_id() }}
    group by unit
)

select a.unit
from {{ ref('annex') }} as a
left join months as m on m.unit = a.unit
left join ledger as l on l.unit = a.unit
left join adopted as d on d.unit = a.unit
where a.period_id = {{ period_id() }}
  and (m.unit is null
       or a.submitted <> m.submitted or a.submitted_ytd <> m.submitted_ytd
       or a.points <> m.points or a.points_ytd <> m.points_ytd
       or a.submitted <> coalesce(l.submitted, 0)
       {%- for c in categories %}
       or a.{{ c }} <> m.{{ c }} or a.{{ c }} <> coalesce(d.{{ c }}, 0)
       {%- endfor %})
