-- Every input that was not used, once, with why: rejected (a clerk must act) or skipped (nothing to count).
-- period_id is the period the item is dated in; null when it has no usable date.
{%- set register_models = ['stg_units', 'stg_quotas', 'stg_points', 'stg_adoptions', 'stg_paper_submissions',
                           'stg_reviews', 'stg_overrides', 'stg_commissions'] %}
{%- set dated = {'stg_adoptions': 'adopted_on', 'stg_paper_submissions': 'submitted_on'} %}
with items as (
    select 'rejected' as disposition, reason, detail, cast(null as varchar) as expectation, source_file, sheet,
           row_number, message_id, cast(null as varchar) as unit_name, cast(null as date) as item_date
    from {{ source('raw', 'ingest_issues') }}

    union all
    select 'rejected', r.reason, r.detail, r.expectation, r.source_file, r.sheet, r.row_number,
           coalesce(r.message_id, m.message_id), null,
           -- a row rejected for its date belongs to no period: it is listed in every one until corrected
           case when r.reason not in ('bad_date', 'date_outside_register_year')
                then coalesce(a.adopted_on, p.submitted_on, cast(m.sent_at as date)) end
    from {{ source('raw', 'row_rejections') }} as r
    left join {{ source('raw', 'sheet_adoptions') }} as a
        on a.source_file = r.source_file and a.sheet = r.sheet and a.row_number = r.row_number
    left join {{ source('raw', 'sheet_paper') }} as p
        on p.source_file = r.source_file and p.sheet = r.sheet and p.row_number = r.row_number
    left join {{ source('raw', 'mail_messages') }} as m on m.source_file = r.source_file and r.sheet is null

    union all
    select case when status = 'unknown_sender' then 'rejected' else 'skipped' end,
           status, status_detail, null, source_file, null, null, message_id, unit_name, cast(sent_at as date)
    from {{ ref('int_messages') }}
    where status <> 'used'

    union all
    select 'rejected', 'no_content', 'no document attachment and no text in the body', null, source_file, null, null,
           message_id, unit_name, cast(sent_at as date)
    from {{ ref('int_messages') }} as m
    where status = 'used' and not has_body_text
      and not exists (select 1 from {{ ref('stg_mail_attachments') }} as a
                      where a.source_file = m.source_file and a.is_document)

    union all
    select 'rejected', 'empty_title', 'the title is empty once 【】 tags, spaces and punctuation are removed', null,
           source_file, null, row_number, message_id, unit_name, cast(submitted_at as date)
    from {{ ref('int_submission_candidates') }}
    where title_key is null

    union all
    select 'rejected', 'unit_inactive', status_detail, null, source_file, null, row_number, message_id, unit_name,
           submitted_on
    from {{ ref('int_submissions') }}
    where status = 'unit_inactive'

    union all
    select 'rejected', 'unit_inactive', 'the registry has the unit inactive on ' || cast(adopted_on as varchar), null,
           source_file, sheet, row_number, null, unit_name, adopted_on
    from {{ ref('int_adoptions') }}
    where status = 'unit_inactive'
    {%- for model in register_models %}

    union all
    select 'skipped', 'exact_repeat', 'the same row appears earlier (this or another workbook)', null,
           source_file, sheet, row_number, null, null, {{ dated.get(model, 'cast(null as date)') }}
    from {{ ref(model) }}
    where is_exact_repeat
    {%- endfor %}
)

select
    disposition,
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
