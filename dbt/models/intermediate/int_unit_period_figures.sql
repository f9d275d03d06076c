-- The annex figures of every registered unit for the period (var period) and the year to its end.
{%- set categories = ['submitted', 'info_province', 'info_prefecture', 'info_city',
                      'brief_province', 'brief_prefecture', 'brief_city'] %}
with months as (
    select * from {{ ref('int_unit_months') }}
    where month >= {{ year_start() }} and month < {{ period_end() }}
),

sums as (
    select
        u.unit_name,
        u.short_name,
        u.registry_order,
        {%- for c in categories %}
        cast(coalesce(sum(case when m.month >= {{ period_start() }} then m.{{ c }} end), 0) as integer) as {{ c }},
        cast(coalesce(sum(m.{{ c }}), 0) as integer) as {{ c }}_ytd{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_units') }} as u
    left join months as m on m.unit_name = u.unit_name
    group by u.unit_name, u.short_name, u.registry_order
)

select
    {{ period_id() }} as period_id,
    s.*,
    {%- for suffix in ['', '_ytd'] %}
    s.submitted{{ suffix }} * w.per_submission
    {%- for c in categories[1:] %} + s.{{ c }}{{ suffix }} * w.{{ c }}{% endfor %} as points{{ suffix }}{{ ',' if not loop.last }}
    {%- endfor %}
from sums as s
cross join {{ ref('int_points_weights') }} as w
