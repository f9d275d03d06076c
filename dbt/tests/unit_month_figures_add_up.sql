-- For the period built, the months of unit_month_figures give annex_figures' count, points and _ytd figures,
-- unit by unit and component by component.
with months as (
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

select f.unit, f.item, f.level, f.publication
from {{ ref('annex_figures') }} as f
left join months as m on m.unit_name = f.unit_name and m.component_order = f.component_order
where f.period_id = {{ period_id() }}
  and (f.count <> coalesce(m.count, 0) or f.count_ytd <> coalesce(m.count_ytd, 0)
       or f.points <> coalesce(m.points, 0) or f.points_ytd <> coalesce(m.points_ytd, 0))
