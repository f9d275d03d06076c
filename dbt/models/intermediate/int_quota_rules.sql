-- 考核标准 as versioned rules per tier: each row applies from its 生效日期 until a later row of the same tier.
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
from {{ ref('stg_quotas') }}
where not is_exact_repeat and tier is not null
