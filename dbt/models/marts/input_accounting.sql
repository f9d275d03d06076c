{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- What was read for a period and what became of it: read = used + skipped + rejected, per input, counted from
-- int_input_items (as marts.rejected lists them). Items dated in the period count there; undated items
-- (registers, unreadable mail) count in every period.
select
    {{ period_id() }} as period_id,
    input,
    cast(count(*) as integer) as items_read,
    cast(count(*) filter (where outcome = 'used') as integer) as used,
    cast(count(*) filter (where outcome = 'skipped') as integer) as skipped,
    cast(count(*) filter (where outcome = 'rejected') as integer) as rejected
from {{ ref('int_input_items') }}
where input in ('messages', 'register rows')
  and (period_id = {{ period_id() }} or period_id is null)
group by input
