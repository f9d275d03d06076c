-- The calendar months from 1 January to the built period's end in which a unit is active on at least one day,
-- each with the period it belongs to and that period's registry row (tier). Months not active are not checked.
with months as (
    select m.month, p.period_id
    from ({{ months_to_period_end(year_start()) }}) as m
    join {{ ref('int_periods') }} as p on m.month >= p.period_start and m.month < p.period_end
)

select distinct
    m.period_id,
    m.month,
    u.unit_name,
    u.tier
from months as m
join {{ ref('int_period_units') }} as u on u.period_id = m.period_id
join {{ ref('int_unit_versions') }} as v
    on v.unit_name = u.unit_name
   and (v.active_from is null or v.active_from < cast(m.month + interval '1 month' as date))
   and (v.active_to is null or v.active_to >= m.month)
