-- Every input that was not used, once, with why: rejected (a clerk must act) or skipped (nothing to count).
-- The outcomes are decided in int_input_items; period_id is the period the item is dated in, null without a date.
select
    outcome as disposition,
    reason,
    detail,
    expectation,
    source_file,
    sheet,
    row_number,
    message_id,
    unit_name,
    item_date,
    period_id
from {{ ref('int_input_items') }}
where outcome in ('rejected', 'skipped')
