-- 考核标准 as versioned rules per tier: each row applies from its 生效日期 until a later row of the same tier.
with quotas as (
    select q.*
    from {{ ref('stg_quotas') }} as q
    join {{ ref('int_register_rows') }} as k
        on k.source_file = q.source_file and k.sheet = q.sheet and k.row_number = q.row_number
    where k.outcome = 'used' and q.tier is not null
)

select
    tier,
    min_submissions,
    min_adoptions,
    period_min_submissions,
    period_min_adoptions,
    period_min_points,
    coalesce(rule_mode, '全部') as rule_mode,
    min_submissions is not null or min_adoptions is not null as has_monthly_condition,
    effective_from,
    lead(effective_from) over (partition by tier order by effective_from nulls first, source_file, row_number)
        as effective_until
from quotas
