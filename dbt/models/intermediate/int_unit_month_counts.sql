-- Counted submissions and adoptions (every kind and level) per unit and calendar month, from 1 January to the
-- built period's end: what the monthly conditions of 考核标准 are checked against. Sparse.
with events as (
    select unit_name, month, 1 as submitted, 0 as adopted
    from {{ ref('int_submissions') }}
    where status = 'counted' and month >= {{ year_start() }} and month < {{ period_end() }}
    union all
    select unit_name, month, 0, 1
    from {{ ref('int_adoptions') }}
    where status = 'counted' and month >= {{ year_start() }} and month < {{ period_end() }}
)

select unit_name, month, cast(sum(submitted) as integer) as submitted, cast(sum(adopted) as integer) as adopted
from events
group by unit_name, month
