-- 采用登记 rows not rejected (the validate step rejects those with no date, unknown unit, level or type), with their
-- unit, and their level and type resolved to the scheme's codes and names through the accepted spellings; an exact repeat of an earlier row counts once, and a row dated on
-- a day its unit is not active in the registry counts for nothing (unit_inactive).
with adoptions as (
    select
        a.source_file,
        a.sheet,
        a.row_number,
        a.source_file || '#row' || a.row_number as item_ref,
        a.adopted_on,
        cast(date_trunc('month', a.adopted_on) as date) as month,
        a.unit_name_written,
        n.unit_name,
        a.title,
        {{ title_key('a.title') }} as title_key,
        l.code as level_code,
        l.name as level,
        t.code as kind_code,
        t.name as adoption_type,
        a.publication,
        a.publication_key,
        a.issue_no,
        k.is_exact_repeat
    from {{ ref('stg_adoptions') }} as a
    join {{ ref('int_register_rows') }} as k
        on k.source_file = a.source_file and k.sheet = a.sheet and k.row_number = a.row_number
    left join {{ ref('int_scheme_spellings') }} as l on l.dimension = 'level' and l.written_key = a.level_written
    left join {{ ref('int_scheme_spellings') }} as t on t.dimension = 'kind' and t.written_key = a.type_written
    left join {{ ref('int_unit_names') }} as n on n.name_key = a.unit_name_key
    where not k.is_rejected
)

select
    a.*,
    case
        when a.is_exact_repeat then 'exact_repeat'
        when {{ unit_inactive('a.unit_name', 'a.adopted_on') }} then 'unit_inactive'
        else 'counted'
    end as status
from adoptions as a
