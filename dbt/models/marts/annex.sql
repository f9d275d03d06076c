{{ config(materialized=('period_slice' if target.type == 'duckdb' else 'incremental'),
          incremental_strategy='delete+insert', unique_key='period_id',
          on_schema_change='append_new_columns', post_hook="{{ comment_scheme_columns() }}") }}
-- The published annex, pivoted from the long facts (int_unit_period_points): one row per unit active in the period,
-- the adoption columns <kind code>_<level code>[_ytd] generated from the scheme's rule tables in its order. Its
-- columns depend on the scheme, so its contract is not enforced; annex_figures (long) carries the enforced one.
-- position orders the rows by the period's 排序: 合格优先 (合格 first, points, points_ytd descending), 排名 (group,
-- rank) or 名册 (group), then registry order; rank is within the group by the 排名依据 points, ties sharing a rank.
{%- set pairs = scheme_adoption_columns() %}
{%- set bonus = "'endorsement', 'commission_on_time', 'commission_late', 'commission_missing', 'quota_met', 'adjustment'" %}
with figures as (
    select
        f.unit_name,
        {%- for suffix in ['', '_ytd'] %}
        sum(case when f.component = 'submission' then f.count{{ suffix }} end) as submitted{{ suffix }},
        {%- for kind, level in pairs %}
        sum(case when f.component = 'adoption' and f.kind_code = '{{ kind }}' and f.level_code = '{{ level }}'
                 then f.count{{ suffix }} end) as {{ kind }}_{{ level }}{{ suffix }},
        {%- endfor %}
        sum(case when f.component = 'adoption' then f.count{{ suffix }} end) as adopted{{ suffix }},
        sum(case when f.component = 'endorsement' then f.count{{ suffix }} end) as endorsed{{ suffix }},
        sum(case when f.component in ({{ bonus }}) then f.points{{ suffix }} end) as bonus{{ suffix }},
        sum(f.points{{ suffix }}) as points{{ suffix }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_unit_period_points') }} as f
    group by f.unit_name
),

rows as (
    select
        u.unit_name,
        u.short_name as unit,
        u.unit_group,
        u.group_order,
        u.registry_order,
        {%- for suffix in ['', '_ytd'] %}
        cast(coalesce(f.submitted{{ suffix }}, 0) as integer) as submitted{{ suffix }},
        {%- endfor %}
        {%- for kind, level in pairs %}
        {%- for suffix in ['', '_ytd'] %}
        cast(coalesce(f.{{ kind }}_{{ level }}{{ suffix }}, 0) as integer) as {{ kind }}_{{ level }}{{ suffix }},
        {%- endfor %}
        {%- endfor %}
        {%- for suffix in ['', '_ytd'] %}
        cast(coalesce(f.adopted{{ suffix }}, 0) as integer) as adopted{{ suffix }},
        cast(coalesce(f.endorsed{{ suffix }}, 0) as integer) as endorsed{{ suffix }},
        cast(coalesce(f.bonus{{ suffix }}, 0) as decimal(12, 2)) as bonus{{ suffix }},
        {%- endfor %}
        cast(coalesce(f.points, 0) as decimal(12, 2)) as points,
        cast(coalesce(f.points_ytd, 0) as decimal(12, 2)) as points_ytd,
        v.verdict,
        p.ordering,
        case when p.rank_by = '累计积分' then coalesce(f.points_ytd, 0) else coalesce(f.points, 0) end as rank_points
    from {{ ref('int_period_units') }} as u
    join {{ ref('int_periods') }} as p on p.period_id = u.period_id
    left join figures as f on f.unit_name = u.unit_name
    join {{ ref('period_verdicts') }} as v on v.unit_name = u.unit_name and v.period_id = u.period_id
    where u.period_id = {{ period_id() }}
),

ranked as (
    select *, cast(rank() over (partition by unit_group order by rank_points desc) as integer) as rank
    from rows
)

select
    {{ period_id() }} as period_id,
    cast(row_number() over (
        order by
            case when ordering = '合格优先' then 0 else coalesce(group_order, 2147483647) end,
            case when ordering = '合格优先' and verdict <> '合格' then 1 else 0 end,
            case ordering when '合格优先' then -points when '排名' then rank else 0 end,
            case when ordering = '合格优先' then -points_ytd else 0 end,
            registry_order
    ) as integer) as position,
    unit_name,
    unit,
    unit_group,
    submitted,
    submitted_ytd,
    {%- for kind, level in pairs %}
    {{ kind }}_{{ level }},
    {{ kind }}_{{ level }}_ytd,
    {%- endfor %}
    adopted,
    adopted_ytd,
    endorsed,
    endorsed_ytd,
    bonus,
    bonus_ytd,
    points,
    points_ytd,
    rank,
    verdict
from ranked
