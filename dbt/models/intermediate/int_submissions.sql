-- The counting rules for submissions, one row per candidate with its outcome:
--   one submission per unit and normalised title (the earliest counts, later copies are duplicates);
--   a title containing an exclusion keyword earns nothing; 审核登记 overrides both keyword and default;
--   a submission dated on a day the registry has its unit inactive counts for nothing (unit_inactive).
with candidates as (
    select * from {{ ref('int_submission_candidates') }} where title_key is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by unit_name, title_key
            order by submitted_at, channel, source_file, coalesce(part_index, 0), coalesce(row_number, 0)
        ) as copy_no,
        first_value(item_ref) over (
            partition by unit_name, title_key
            order by submitted_at, channel, source_file, coalesce(part_index, 0), coalesce(row_number, 0)
        ) as first_item_ref
    from candidates
),

keyword_hits as (
    select r.item_ref, string_agg(k.keyword, '、' order by k.keyword) as keywords, min(k.reason) as reason
    from ranked as r
    join {{ ref('exclusion_keywords') }} as k on strpos({{ text_key('r.title') }}, k.keyword) > 0
    group by r.item_ref
),

-- the last 审核登记 row about a unit's title decides
reviews as (
    select * from (
        select
            n.unit_name,
            r.title_key,
            r.is_counted,
            r.reason,
            r.source_file || '#row' || r.row_number as review_ref,
            row_number() over (partition by n.unit_name, r.title_key
                               order by r.source_file desc, r.row_number desc) as pick
        from {{ ref('stg_reviews') }} as r
        join {{ ref('int_register_rows') }} as k
            on k.source_file = r.source_file and k.sheet = r.sheet and k.row_number = r.row_number
        join {{ ref('int_unit_names') }} as n on n.name_key = r.unit_name_key
        where k.outcome = 'used' and r.is_counted is not null and r.title_key is not null
    ) as latest
    where pick = 1
)

select
    r.item_ref,
    r.channel,
    r.source_file,
    r.message_id,
    r.part_index,
    r.row_number,
    r.unit_name,
    r.title,
    r.title_key,
    r.submitted_at,
    cast(r.submitted_at as date) as submitted_on,
    cast(date_trunc('month', r.submitted_at) as date) as month,
    r.commission_no,
    k.keywords as exclusion_keywords,
    v.review_ref,
    case
        when r.copy_no > 1 then 'duplicate_title'
        when {{ unit_inactive('r.unit_name', 'cast(r.submitted_at as date)') }} then 'unit_inactive'
        when v.is_counted = false then 'excluded_by_review'
        when v.is_counted = true then 'counted'
        when k.keywords is not null then 'excluded_keyword'
        else 'counted'
    end as status,
    case
        when r.copy_no > 1 then 'same title as ' || r.first_item_ref
        when {{ unit_inactive('r.unit_name', 'cast(r.submitted_at as date)') }}
            then {{ inactive_detail('cast(r.submitted_at as date)') }}
        when v.is_counted is not null then '审核登记 ' || v.review_ref || ': ' || coalesce(v.reason, '')
        when k.keywords is not null then k.reason || ' (' || k.keywords || ')'
    end as status_detail
from ranked as r
left join keyword_hits as k on k.item_ref = r.item_ref
left join reviews as v on v.unit_name = r.unit_name and v.title_key = r.title_key and r.copy_no = 1
