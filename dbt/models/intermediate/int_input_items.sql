-- Every item read, once per grain, with what became of it: the one place the outcomes are decided.
-- marts.rejected lists the rows not used (skipped and rejected); marts.input_accounting counts the messages and
-- register rows of each outcome, so the two cannot disagree.
--   input 'messages':      one row per message file (used, skipped, or rejected: unreadable, failed validation,
--                          unknown sender, no content)
--   input 'register rows': one row per row of a register or scheme sheet (used, skipped: exact repeat, rejected)
--   input 'submissions':   one row per submission candidate of a used message or paper row (used: counted;
--                          rejected: empty title, unit inactive; not_counted: the counting rules set it aside)
--   input 'adoptions':     one row per adoption row used (used: counted; rejected: unit inactive)
--   input 'endorsements':  one row per 批示登记 row used (used: counted; rejected: unit inactive; skipped:
--                          no_points_rule, no 积分标准 批示 row for its level in force on its date)
--   input 'adjustments':   one row per 加减分登记 row used (used: counted; rejected: unit inactive)
--   input 'files':         files, sheets and cells ingestion could not use whole (rejected)
-- item_date is the item's date (Shanghai); null when it has none, or when it was rejected for its date: such an
-- item belongs to no period and is listed in every one until corrected.
with mail_files as (
    select f.source_file, m.message_id, cast(m.sent_at as date) as sent_on
    from {{ ref('stg_source_files') }} as f
    left join {{ ref('stg_mail_messages') }} as m on m.source_file = f.source_file
    where f.kind = 'mail'
),

messages as (
    -- ingestion could not read it
    select 'rejected' as outcome, i.reason, i.detail, cast(null as varchar) as expectation, i.source_file,
           i.sheet, i.row_number, i.message_id, cast(null as varchar) as unit_name, cast(null as date) as item_date
    from {{ ref('stg_ingest_issues') }} as i
    join mail_files as f on f.source_file = i.source_file

    union all
    -- the validate step rejected it
    select 'rejected', r.reason, r.detail, r.expectation, r.source_file, r.sheet, r.row_number,
           coalesce(r.message_id, f.message_id), null,
           case when r.reason not in {{ date_rejection_reasons() }} then f.sent_on end
    from {{ ref('stg_row_rejections') }} as r
    join mail_files as f on f.source_file = r.source_file
    where r.sheet is null

    union all
    -- int_messages decides: used, skipped, or rejected (unknown sender, no content)
    select
        case when m.status = 'used' then 'used' when m.status in ('unknown_sender', 'no_content') then 'rejected'
             else 'skipped' end,
        nullif(m.status, 'used'), m.status_detail, null, m.source_file, null, null, m.message_id, m.unit_name,
        cast(m.sent_at as date)
    from {{ ref('int_messages') }} as m
),

register_rows as (
    -- int_register_rows decides: used, skipped (exact repeat) or rejected by the validate step
    select outcome, reason, detail, expectation, source_file, sheet, row_number, message_id,
           cast(null as varchar) as unit_name, item_date
    from {{ ref('int_register_rows') }}
),

submissions as (
    -- the sentence of the validate step's empty_title check (expectations/input_suites.py EMPTY_TITLE); a
    -- subject or file name is not cut to a cell's limit, so the title is quoted up to 100 characters
    select 'rejected' as outcome, 'empty_title' as reason,
           '信息标题 “' || coalesce(nullif(left(title, 100), ''), '（空）') || case when length(title) > 100 then '…' else '' end
               || '” is empty once 【】 tags, spaces and punctuation are removed' as detail,
           source_file, row_number, message_id, unit_name, cast(submitted_at as date) as item_date
    from {{ ref('int_submission_candidates') }}
    where title_key is null

    union all
    select
        case status when 'counted' then 'used' when 'unit_inactive' then 'rejected' else 'not_counted' end,
        case when status <> 'counted' then status end,
        status_detail, source_file, row_number, message_id, unit_name, submitted_on
    from {{ ref('int_submissions') }}
),

adoptions as (
    select
        case status when 'counted' then 'used' else 'rejected' end as outcome,
        case when status <> 'counted' then status end as reason,
        case when status = 'unit_inactive' then {{ inactive_detail('adopted_on') }}
        end as detail,
        source_file, sheet, row_number, unit_name, adopted_on as item_date
    from {{ ref('int_adoptions') }}
    where not is_exact_repeat  -- a repeat is a skipped register row, not an adoption
),

endorsements as (
    select
        case status when 'counted' then 'used' when 'unit_inactive' then 'rejected' else 'skipped' end as outcome,
        case when status <> 'counted' then status end as reason,
        case status
            when 'unit_inactive' then {{ inactive_detail('endorsed_on') }}
            when 'no_points_rule' then '积分标准 has no 批示 row for 级别 “' || level_written || '” in force on '
                                       || cast(endorsed_on as varchar) || ': the 批示 earns nothing'
        end as detail,
        source_file, sheet, row_number, unit_name, endorsed_on as item_date
    from {{ ref('int_endorsements') }}
),

adjustments as (
    select
        case status when 'counted' then 'used' else 'rejected' end as outcome,
        case when status <> 'counted' then status end as reason,
        case when status = 'unit_inactive' then {{ inactive_detail('adjusted_on') }}
        end as detail,
        source_file, sheet, row_number, unit_name, adjusted_on as item_date
    from {{ ref('int_adjustments') }}
),

items as (
    select 'messages' as input, * from messages

    union all
    select 'register rows', * from register_rows

    union all
    select 'submissions', outcome, reason, detail, null, source_file, null, row_number, message_id, unit_name,
           item_date
    from submissions

    union all
    select 'adoptions', outcome, reason, detail, null, source_file, sheet, row_number, null, unit_name, item_date
    from adoptions

    union all
    select 'endorsements', outcome, reason, detail, null, source_file, sheet, row_number, null, unit_name, item_date
    from endorsements

    union all
    select 'adjustments', outcome, reason, detail, null, source_file, sheet, row_number, null, unit_name, item_date
    from adjustments

    union all
    -- a workbook, sheet or cell ingestion could not use (a message it could not read is one of the messages)
    select 'files', 'rejected', i.reason, i.detail, null, i.source_file, i.sheet, i.row_number, i.message_id, null,
           null
    from {{ ref('stg_ingest_issues') }} as i
    where not exists (select 1 from mail_files as f where f.source_file = i.source_file)
)

select
    input,
    outcome,
    reason,
    detail,
    expectation,
    source_file,
    sheet,
    row_number,
    message_id,
    unit_name,
    item_date,
    case when item_date is not null then {{ period_of('item_date') }} end as period_id
from items
