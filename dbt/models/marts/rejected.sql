-- Every input that was not used, with why: rejected (a clerk must act) or skipped (nothing to count).
-- period_id is the period the item is dated in; null when it has no usable date.
with items as (
    select 'rejected' as disposition, reason, detail, source_file, sheet, row_number, message_id,
           cast(null as varchar) as unit_name, cast(null as date) as item_date
    from {{ source('raw', 'ingest_issues') }}

    union all
    select case when status in ('unknown_sender', 'no_date') then 'rejected' else 'skipped' end,
           status, status_detail, source_file, null, null, message_id, unit_name, cast(sent_at as date)
    from {{ ref('int_messages') }}
    where status <> 'used'

    union all
    select 'rejected', 'no_content', 'no document attachment and no text in the body', source_file, null, null,
           message_id, unit_name, cast(sent_at as date)
    from {{ ref('int_messages') }} as m
    where status = 'used' and not has_body_text
      and not exists (select 1 from {{ ref('stg_mail_attachments') }} as a
                      where a.source_file = m.source_file and a.is_document)

    union all
    select 'rejected', 'empty_title', 'the title is empty once 【】 tags, spaces and punctuation are removed',
           source_file, null, row_number, message_id, unit_name, cast(submitted_at as date)
    from {{ ref('int_submission_candidates') }}
    where title_key is null

    union all
    select case when status = 'exact_repeat' then 'skipped' else 'rejected' end, status, status_detail,
           source_file, sheet, row_number, null, unit_name, adopted_on
    from {{ ref('int_adoptions') }}
    where status <> 'counted'

    union all
    select case when p.is_exact_repeat then 'skipped' else 'rejected' end,
           case when p.is_exact_repeat then 'exact_repeat' when p.submitted_on is null then 'bad_date'
                else 'unknown_unit' end,
           case when p.is_exact_repeat then 'the same row appears earlier (another workbook or sheet)'
                when p.submitted_on is null then '报送日期 ' || coalesce('"' || p.submitted_on_text || '"', '(empty)')
                    || ' is not a date'
                else '单位名称 ' || coalesce('"' || p.unit_name_written || '"', '(empty)')
                    || ' is not a 单位名称, 表内名称 or 别名 of the registry' end,
           p.source_file, p.sheet, p.row_number, null, null, p.submitted_on
    from {{ ref('stg_paper_submissions') }} as p
    left join {{ ref('int_unit_names') }} as n on n.name_key = p.unit_name_key
    where p.is_exact_repeat or p.submitted_on is null or n.unit_name is null

    union all
    select case when r.is_exact_repeat then 'skipped' else 'rejected' end,
           case when r.is_exact_repeat then 'exact_repeat' when n.unit_name is null then 'unknown_unit'
                when r.is_counted is null then 'bad_decision' else 'empty_title' end,
           case when r.is_exact_repeat then 'the same row appears earlier (another workbook or sheet)'
                when n.unit_name is null then '单位名称 ' || coalesce('"' || r.unit_name_written || '"', '(empty)')
                    || ' is not a 单位名称, 表内名称 or 别名 of the registry'
                when r.is_counted is null then '是否计入 ' || coalesce('"' || r.counted_written || '"', '(empty)')
                    || ' is not 是 or 否'
                else '信息标题 is empty' end,
           r.source_file, r.sheet, r.row_number, null, n.unit_name, null
    from {{ ref('stg_reviews') }} as r
    left join {{ ref('int_unit_names') }} as n on n.name_key = r.unit_name_key
    where r.is_exact_repeat or n.unit_name is null or r.is_counted is null or r.title_key is null

    union all
    select case when o.is_exact_repeat then 'skipped' else 'rejected' end,
           case when o.is_exact_repeat then 'exact_repeat' when n.unit_name is null then 'unknown_unit'
                when not regexp_matches(coalesce(o.period_id, ''), '^[0-9]{4}-(01|03|05|07|09|11)$') then 'bad_period'
                else 'bad_verdict' end,
           case when o.is_exact_repeat then 'the same row appears earlier (another workbook or sheet)'
                when n.unit_name is null then '单位名称 ' || coalesce('"' || o.unit_name_written || '"', '(empty)')
                    || ' is not a 单位名称, 表内名称 or 别名 of the registry'
                when not regexp_matches(coalesce(o.period_id, ''), '^[0-9]{4}-(01|03|05|07|09|11)$')
                    then '期间 ' || coalesce('"' || o.period_id || '"', '(empty)') || ' is not YYYY-MM with an odd month'
                else '结论 ' || coalesce('"' || o.verdict || '"', '(empty)') || ' is not 合格 or 不合格' end,
           o.source_file, o.sheet, o.row_number, null, n.unit_name,
           case when regexp_matches(coalesce(o.period_id, ''), '^[0-9]{4}-(01|03|05|07|09|11)$')
                then cast(o.period_id || '-01' as date) end
    from {{ ref('stg_overrides') }} as o
    left join {{ ref('int_unit_names') }} as n on n.name_key = o.unit_name_key
    where o.is_exact_repeat or n.unit_name is null or coalesce(o.verdict, '') not in ('合格', '不合格')
       or not regexp_matches(coalesce(o.period_id, ''), '^[0-9]{4}-(01|03|05|07|09|11)$')

    union all
    select case when u.is_exact_repeat then 'skipped' else 'rejected' end,
           case when u.is_exact_repeat then 'exact_repeat' when u.unit_key is null then 'empty_unit_name'
                else 'duplicate_unit' end,
           case when u.is_exact_repeat then 'the same row appears earlier (another workbook or sheet)'
                when u.unit_key is null then '单位名称 is empty'
                else '单位名称 "' || u.unit_name || '" is already registered by ' || k.source_file || ' row '
                    || k.row_number end,
           u.source_file, u.sheet, u.row_number, null, u.unit_name, null
    from {{ ref('stg_units') }} as u
    left join {{ ref('int_units') }} as k on k.unit_key = u.unit_key
    where u.is_exact_repeat or u.unit_key is null
       or not (k.source_file = u.source_file and k.sheet = u.sheet and k.row_number = u.row_number)
)

select
    disposition,
    reason,
    detail,
    source_file,
    sheet,
    row_number,
    message_id,
    unit_name,
    item_date,
    case when item_date is not null then {{ period_of('item_date') }} end as period_id
from items
