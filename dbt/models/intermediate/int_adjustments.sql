-- 加减分登记 rows, one each, with the unit and the signed points, and what became of it: counted, or
-- unit_inactive (the registry has the unit inactive that day: rejected, listed in rejected.csv).
select
    a.source_file || '#row' || a.row_number as item_ref,
    a.source_file,
    a.sheet,
    a.row_number,
    n.unit_name,
    a.adjusted_on,
    cast(date_trunc('month', a.adjusted_on) as date) as month,
    {{ try_cast_decimal('a.points_text') }} as points,
    case when {{ unit_inactive('n.unit_name', 'a.adjusted_on') }} then 'unit_inactive' else 'counted' end as status
from {{ ref('stg_adjustments') }} as a
join {{ ref('int_register_rows') }} as k
    on k.source_file = a.source_file and k.sheet = a.sheet and k.row_number = a.row_number
join {{ ref('int_unit_names') }} as n on n.name_key = a.unit_name_key
where k.outcome = 'used'
