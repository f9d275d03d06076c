-- The monthly quota of the unit's tier (考核标准), checked for each calendar month of the period.
-- A unit without a tier has no quota.
with period_months as (
    {{ months_to_period_end(period_start()) }}
),

spine as (
    select u.unit_name, u.short_name, u.tier, p.month
    from {{ ref('int_units') }} as u
    cross join period_months as p
),

quotas as (
    select tier, min_submissions, min_adoptions from {{ ref('stg_quotas') }} where not is_exact_repeat
)

select
    {{ period_id() }} as period_id,
    s.unit_name,
    s.short_name,
    s.month,
    s.tier,
    cast(coalesce(m.submitted, 0) as integer) as submitted,
    cast(coalesce(m.adopted, 0) as integer) as adopted,
    q.min_submissions,
    q.min_adoptions,
    s.tier is null or coalesce(m.submitted, 0) >= q.min_submissions as submissions_ok,
    s.tier is null or coalesce(m.adopted, 0) >= q.min_adoptions as adoptions_ok
from spine as s
left join {{ ref('int_unit_months') }} as m on m.unit_name = s.unit_name and m.month = s.month
left join quotas as q on q.tier = s.tier
