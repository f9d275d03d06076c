-- 采用登记 rows (the validate step has rejected those with no date, unknown unit, level or type), with their unit,
-- level and kind resolved to the scheme's codes; an exact repeat of an earlier row counts once, and a row dated on
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
        a.level_code,
        a.level,
        a.kind_code,
        a.adoption_type,
        a.publication,
        a.publication_key,
        a.issue_no,
        a.is_exact_repeat
    from {{ ref('stg_adoptions') }} as a
    left join {{ ref('int_unit_names') }} as n on n.name_key = a.unit_name_key
)

select
    a.*,
    case
        when a.is_exact_repeat then 'exact_repeat'
        when {{ unit_inactive('a.unit_name', 'a.adopted_on') }} then 'unit_inactive'
        else 'counted'
    end as status
from adoptions as a
