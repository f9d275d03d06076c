-- Long-format period facts: per unit of the built period (active on at least one day of it) and component, kind,
-- level (the event's), 刊物 rule and points.csv level, the events and points of the period and of the year to its end.
select
    {{ period_id() }} as period_id,
    m.unit_name,
    m.component,
    m.kind_code,
    m.level_code,
    m.publication_key,
    m.component_level_code,
    cast(coalesce(sum(case when m.month >= {{ period_start() }} then m.events end), 0) as integer) as count,
    cast(sum(m.events) as integer) as count_ytd,
    cast(coalesce(sum(case when m.month >= {{ period_start() }} then m.points end), 0) as decimal(12, 2)) as points,
    cast(sum(m.points) as decimal(12, 2)) as points_ytd
from {{ ref('int_unit_month_points') }} as m
join {{ ref('int_period_units') }} as u on u.unit_name = m.unit_name and u.period_id = {{ period_id() }}
group by m.unit_name, m.component, m.kind_code, m.level_code, m.publication_key, m.component_level_code
