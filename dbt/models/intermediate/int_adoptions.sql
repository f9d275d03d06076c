-- 采用登记 rows (the validate step has rejected those with no date, unknown unit, level or type),
-- with their unit resolved; an exact repeat of an earlier row counts once.
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
    a.level,
    a.adoption_type,
    a.publication,
    a.issue_no,
    case when a.is_exact_repeat then 'exact_repeat' else 'counted' end as status
from {{ ref('stg_adoptions') }} as a
left join {{ ref('int_unit_names') }} as n on n.name_key = a.unit_name_key
