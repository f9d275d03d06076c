-- 批示登记 rows, one each, with the unit, the level code and the 积分标准 批示 row (the version in force on 批示日期) that
-- scores it, and what became of it: counted; unit_inactive (the registry has the unit inactive that day); or
-- no_points_rule (积分标准 has no 批示 row for that level in force that day: worth nothing, listed in rejected.csv
-- as skipped so it is never lost silently).
with endorsements as (
    select
        e.source_file || '#row' || e.row_number as item_ref,
        e.source_file,
        e.sheet,
        e.row_number,
        n.unit_name,
        e.endorsed_on,
        cast(date_trunc('month', e.endorsed_on) as date) as month,
        e.level_written,
        l.code as level_code
    from {{ ref('stg_endorsements') }} as e
    join {{ ref('int_register_rows') }} as k
        on k.source_file = e.source_file and k.sheet = e.sheet and k.row_number = e.row_number
    join {{ ref('int_unit_names') }} as n on n.name_key = e.unit_name_key
    left join {{ ref('int_scheme_spellings') }} as l on l.dimension = 'level' and l.written_key = e.level_written
    where k.outcome = 'used'
)

select
    e.*,
    r.rule_ref,
    r.points,
    case
        when {{ unit_inactive('e.unit_name', 'e.endorsed_on') }} then 'unit_inactive'
        when r.rule_ref is null then 'no_points_rule'
        else 'counted'
    end as status
from endorsements as e
left join {{ ref('int_point_rules') }} as r
    on r.component = 'endorsement' and r.level_code = e.level_code and {{ rule_in_force('r', 'e.endorsed_on') }}
