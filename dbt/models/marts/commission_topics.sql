-- Every 约稿 row as the office wrote it, with the period that holds its 截止日期 (the notice lists the topics
-- of the next period from here).
select
    {{ try_cast_integer('c.commission_no') }} as commission_no,
    c.topic,
    c.units,
    c.due_on,
    c.published_on,
    case when c.due_on is not null then {{ period_of('c.due_on') }} end as period_id,
    c.source_file,
    c.sheet,
    cast(c.row_number as integer) as row_number
from {{ ref('stg_commissions') }} as c
join {{ ref('int_register_rows') }} as k
    on k.source_file = c.source_file and k.sheet = c.sheet and k.row_number = c.row_number
where k.outcome = 'used'
