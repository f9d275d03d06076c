-- Every 约稿 row as the office wrote it, with the period that holds its 截止日期 (the notice lists the topics
-- of the next period from here).
select
    {{ try_cast_integer('commission_no') }} as commission_no,
    topic,
    units,
    due_on,
    published_on,
    case when due_on is not null then {{ period_of('due_on') }} end as period_id,
    source_file,
    sheet,
    cast(row_number as integer) as row_number
from {{ ref('stg_commissions') }}
where not is_exact_repeat
