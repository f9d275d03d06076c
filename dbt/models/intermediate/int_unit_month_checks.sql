-- Each month from 1 January to the built period's end in which a unit is active, against the monthly conditions
-- of its tier (the registry row and the 考核标准 version in force on the first day of the month's period).
-- A unit without a tier, or a tier without a monthly condition, has nothing to meet; an empty cell is no condition.
-- quota_met (达标) is earned only where the tier has a monthly condition and all of them hold.
select
    m.period_id,
    m.unit_name,
    u.short_name,
    m.month,
    m.tier,
    coalesce(c.submitted, 0) as submitted,
    coalesce(c.adopted, 0) as adopted,
    q.min_submissions,
    q.min_adoptions,
    q.min_submissions is null or coalesce(c.submitted, 0) >= q.min_submissions as submissions_ok,
    q.min_adoptions is null or coalesce(c.adopted, 0) >= q.min_adoptions as adoptions_ok,
    coalesce(q.has_monthly_condition, false)
        and (q.min_submissions is null or coalesce(c.submitted, 0) >= q.min_submissions)
        and (q.min_adoptions is null or coalesce(c.adopted, 0) >= q.min_adoptions) as quota_met
from {{ ref('int_unit_active_months') }} as m
join {{ ref('int_period_units') }} as u on u.period_id = m.period_id and u.unit_name = m.unit_name
left join {{ ref('int_unit_month_counts') }} as c on c.unit_name = m.unit_name and c.month = m.month
left join {{ ref('int_quota_rules') }} as q on q.tier = m.tier and {{ rule_in_force('q', 'u.period_start') }}
