{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- Per unit and period: the verdict 考核标准 gives, its reasons, and the office's 考核调整 beside it.
-- The conditions of the unit's tier (the 考核标准 version in force on the period's first day): 每月… in every month
-- the unit is active, 本期… on the period's totals (采用 = every counted adoption, 积分 = the period's points).
-- An empty cell is no condition; 全部 passes when every condition holds, 任一 when one does; none passes.
with units as (
    select * from {{ ref('int_period_units') }} where period_id = {{ period_id() }}
),

monthly as (
    select unit_name, bool_and(submissions_ok) as submissions_ok, bool_and(adoptions_ok) as adoptions_ok
    from {{ ref('int_unit_month_checks') }}
    where period_id = {{ period_id() }}
    group by unit_name
),

totals as (
    select
        unit_name,
        sum(case when component = 'submission' then count else 0 end) as submitted,
        sum(case when component = 'adoption' then count else 0 end) as adopted,
        sum(points) as points
    from {{ ref('int_unit_period_points') }}
    group by unit_name
),

conditions as (
    select
        u.unit_name,
        u.short_name,
        q.rule_mode,
        case when q.min_submissions is not null then coalesce(m.submissions_ok, true) end as monthly_submissions,
        case when q.min_adoptions is not null then coalesce(m.adoptions_ok, true) end as monthly_adoptions,
        case when q.period_min_submissions is not null
             then coalesce(t.submitted, 0) >= q.period_min_submissions end as period_submissions,
        case when q.period_min_adoptions is not null then coalesce(t.adopted, 0) >= q.period_min_adoptions end
            as period_adoptions,
        case when q.period_min_points is not null then coalesce(t.points, 0) >= q.period_min_points end
            as period_points
    from units as u
    left join monthly as m on m.unit_name = u.unit_name
    left join totals as t on t.unit_name = u.unit_name
    left join {{ ref('int_quota_rules') }} as q on q.tier = u.tier and {{ rule_in_force('q', 'u.period_start') }}
),

computed as (
    select
        *,
        case
            when coalesce(monthly_submissions, monthly_adoptions, period_submissions, period_adoptions,
                          period_points) is null then true
            when rule_mode = '任一' then coalesce(monthly_submissions, false) or coalesce(monthly_adoptions, false)
                or coalesce(period_submissions, false) or coalesce(period_adoptions, false)
                or coalesce(period_points, false)
            else coalesce(monthly_submissions, true) and coalesce(monthly_adoptions, true)
                and coalesce(period_submissions, true) and coalesce(period_adoptions, true)
                and coalesce(period_points, true)
        end as passed
    from conditions
),

adjustments as (
    select * from (
        select
            n.unit_name,
            o.verdict,
            o.reason,
            o.source_file || '#row' || o.row_number as adjustment_ref,
            row_number() over (partition by n.unit_name order by o.source_file desc, o.row_number desc) as pick
        from {{ ref('stg_overrides') }} as o
        join {{ ref('int_register_rows') }} as k
            on k.source_file = o.source_file and k.sheet = o.sheet and k.row_number = o.row_number
        join {{ ref('int_unit_names') }} as n on n.name_key = o.unit_name_key
        where k.outcome = 'used' and o.period_id = {{ period_id() }} and o.verdict in ('合格', '不合格')
    ) as latest
    where pick = 1
)

select
    {{ period_id() }} as period_id,
    c.unit_name,
    c.short_name as unit,
    case when c.passed then '合格' else '不合格' end as computed_verdict,
    case when not c.passed then nullif(concat_ws('、',
        case when not monthly_submissions or not period_submissions then '报送数量不合格' end,
        case when not monthly_adoptions or not period_adoptions then '采用量不合格' end,
        case when not period_points then '积分不合格' end), '') end as computed_reasons,
    a.verdict as adjusted_verdict,
    a.reason as adjustment_reason,
    a.adjustment_ref,
    coalesce(a.verdict, case when c.passed then '合格' else '不合格' end) as verdict
from computed as c
left join adjustments as a on a.unit_name = c.unit_name
