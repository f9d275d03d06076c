{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period_id',
          on_schema_change='fail') }}
-- Per unit and period: the verdict the rules give, its reasons, and the office's 考核调整 beside it.
with computed as (
    select
        period_id,
        unit_name,
        short_name,
        bool_and(submissions_ok) as submissions_ok,
        bool_and(adoptions_ok) as adoptions_ok
    from {{ ref('int_unit_month_checks') }}
    group by period_id, unit_name, short_name
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
        join {{ ref('int_unit_names') }} as n on n.name_key = o.unit_name_key
        where not o.is_exact_repeat and o.period_id = {{ period_id() }} and o.verdict in ('合格', '不合格')
    ) as latest
    where pick = 1
)

select
    c.period_id,
    c.unit_name,
    c.short_name as unit,
    case when c.submissions_ok and c.adoptions_ok then '合格' else '不合格' end as computed_verdict,
    nullif(concat_ws('、',
        case when not c.submissions_ok then '报送数量不合格' end,
        case when not c.adoptions_ok then '采用量不合格' end), '') as computed_reasons,
    a.verdict as adjusted_verdict,
    a.reason as adjustment_reason,
    a.adjustment_ref,
    coalesce(a.verdict, case when c.submissions_ok and c.adoptions_ok then '合格' else '不合格' end) as verdict
from computed as c
left join adjustments as a on a.unit_name = c.unit_name
