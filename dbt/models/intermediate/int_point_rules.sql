-- 积分标准 as versioned rules: what each row scores (component, kind and level codes, 刊物), its points and yearly
-- cap, and the days it applies to: from its 生效日期 until a later row with the same 项目, 级别 and 刊物 takes over.
with rows as (
    select
        p.source_file || '#row' || p.row_number as rule_ref,
        p.item,
        p.level_written,
        l.code as level_code,
        kd.code as kind_code,
        p.publication_key,
        p.points,
        p.cap,
        p.effective_from
    from {{ ref('stg_points') }} as p
    join {{ ref('int_register_rows') }} as k
        on k.source_file = p.source_file and k.sheet = p.sheet and k.row_number = p.row_number
    left join {{ ref('int_scheme_spellings') }} as l on l.dimension = 'level' and l.written_key = p.level_written
    left join {{ ref('int_scheme_spellings') }} as kd on kd.dimension = 'kind' and kd.written_key = p.item
    where k.outcome = 'used'
),

coded as (
    select
        r.*,
        case r.item
            when '报送' then 'submission'
            when '批示' then 'endorsement'
            when '约稿按时' then 'commission_on_time'
            when '约稿逾期' then 'commission_late'
            when '约稿未报' then 'commission_missing'
            when '达标' then 'quota_met'
            else case when r.kind_code is not null then 'adoption' end
        end as component
    from rows as r
)

select
    *,
    lead(effective_from) over (
        partition by coalesce(kind_code, item), coalesce(level_code, level_written), publication_key
        order by effective_from nulls first, rule_ref
    ) as effective_until
from coded
