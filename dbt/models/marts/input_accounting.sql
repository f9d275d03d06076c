{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period_id',
          on_schema_change='fail') }}
-- What was read for a period and what became of it: read = used + skipped + rejected, per input.
-- Items dated in the period count there; undated items (registers, unreadable mail) count in every period.
{%- set sheets = {'sheet_units': 'stg_units', 'sheet_quotas': 'stg_quotas', 'sheet_points': 'stg_points',
                  'sheet_adoptions': 'stg_adoptions', 'sheet_paper': 'stg_paper_submissions',
                  'sheet_reviews': 'stg_reviews', 'sheet_overrides': 'stg_overrides',
                  'sheet_commissions': 'stg_commissions'} %}
{%- set dated = {'sheet_adoptions': 'adopted_on', 'sheet_paper': 'submitted_on'} %}

with mail_files as (
    select f.source_file, cast(m.sent_at as date) as item_date
    from {{ source('raw', 'source_files') }} as f
    left join {{ source('raw', 'mail_messages') }} as m on m.source_file = f.source_file
    where f.kind = 'mail'
),

mail_outcomes as (
    select
        f.source_file,
        case
            when i.status is null then 'rejected'             -- unreadable, or rejected by validation
            when i.status = 'unknown_sender' then 'rejected'
            when i.status <> 'used' then 'skipped'
            when not i.has_body_text and not exists (
                select 1 from {{ ref('stg_mail_attachments') }} as a where a.source_file = f.source_file and a.is_document
            ) then 'rejected'
            else 'used'
        end as outcome
    from mail_files as f
    left join {{ ref('int_messages') }} as i on i.source_file = f.source_file
    where {{ in_period_or_undated('f.item_date') }}
),

sheet_outcomes as (
    {%- for table, model in sheets.items() %}
    select
        '{{ table }}' as input,
        case when s.row_number is null then 'rejected' when s.is_exact_repeat then 'skipped' else 'used' end as outcome
    from {{ source('raw', table) }} as r
    left join {{ ref(model) }} as s
        on s.source_file = r.source_file and s.sheet = r.sheet and s.row_number = r.row_number
    {%- if table in dated %}
    left join {{ source('raw', 'row_rejections') }} as rr
        on rr.source_file = r.source_file and rr.sheet = r.sheet and rr.row_number = r.row_number
    -- as in marts.rejected: a row rejected for its date is undated
    where {{ in_period_or_undated("case when rr.reason in ('bad_date', 'date_outside_register_year') then null else r."
                                  ~ dated[table] ~ " end") }}
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

outcomes as (
    select 'messages' as input, outcome from mail_outcomes
    union all
    select 'register rows', outcome from sheet_outcomes
)

select
    {{ period_id() }} as period_id,
    input,
    cast(count(*) as integer) as items_read,
    cast(count(*) filter (where outcome = 'used') as integer) as used,
    cast(count(*) filter (where outcome = 'skipped') as integer) as skipped,
    cast(count(*) filter (where outcome = 'rejected') as integer) as rejected
from outcomes
group by input
