-- Per period of the built period's year (up to it) and unit active on at least one day of it: the registry row
-- that governs the period — the one in force on its first day, or for a unit that starts later its first row in it.
with periods as (
    select period_id, period_start, period_end
    from {{ ref('int_periods') }}
    where period_start >= {{ year_start() }} and period_start < {{ period_end() }}
),

candidates as (
    select
        p.period_id,
        p.period_start,
        p.period_end,
        v.*,
        row_number() over (
            partition by p.period_id, v.unit_name
            order by case when coalesce(v.active_from, p.period_start) <= p.period_start then 0 else 1 end,
                     v.active_from, v.row_order
        ) as pick
    from periods as p
    join {{ ref('int_unit_versions') }} as v
        on (v.active_from is null or v.active_from < p.period_end)
       and (v.active_to is null or v.active_to >= p.period_start)
),

groups as (
    select unit_group, min(registry_order) as group_order
    from {{ ref('int_unit_versions') }}
    where unit_group is not null
    group by unit_group
)

select
    c.period_id,
    c.period_start,
    c.period_end,
    c.unit_name,
    c.short_name,
    c.tier,
    c.unit_group,
    g.group_order,
    c.registry_order
from candidates as c
left join groups as g on g.unit_group = c.unit_group
where c.pick = 1
