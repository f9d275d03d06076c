-- 报送台账: every submission candidate — each document of a used message, a message's body, a 纸质报送 row —
-- with what the counting rules made of it and the counted adoptions that matched it (marts.adoptions).
with adopted as (
    select
        submission_ref,
        count(*) as adoptions,
        sum(points) as adoption_points,
        min(adopted_on) as first_adopted_on,
        string_agg(level || adoption_type || ' ' || cast(adopted_on as varchar), '、' order by adopted_on, item_ref)
            as adoption_list
    from {{ ref('adoptions') }}
    where counted and submission_ref is not null
    group by submission_ref
)

select
    c.item_ref,
    c.channel,
    c.source_file,
    c.message_id,
    c.part_index,
    c.row_number,
    c.unit_name,
    u.short_name as unit,
    c.title,
    c.title_key,
    c.submitted_at,
    cast(c.submitted_at as date) as submitted_on,
    {{ period_of('c.submitted_at') }} as period_id,
    c.commission_no,
    -- a candidate whose title key is empty never reaches int_submissions
    coalesce(s.status, 'empty_title') as status,
    case when s.item_ref is null then 'the title is empty once 【】 tags, spaces and punctuation are removed'
         else s.status_detail end as status_detail,
    coalesce(s.status = 'counted', false) as counted,
    cast(case when s.status = 'counted' then coalesce(r.points, 0) else 0 end as decimal(12, 2)) as points,
    cast(coalesce(a.adoptions, 0) as integer) as adoptions,
    cast(coalesce(a.adoption_points, 0) as decimal(12, 2)) as adoption_points,
    a.first_adopted_on,
    a.adoption_list
from {{ ref('int_submission_candidates') }} as c
left join {{ ref('int_submissions') }} as s on s.item_ref = c.item_ref
left join {{ ref('int_units') }} as u on u.unit_name = c.unit_name
left join adopted as a on a.submission_ref = c.item_ref
left join {{ ref('int_point_rules') }} as r
    on r.component = 'submission' and {{ rule_in_force('r', 'cast(c.submitted_at as date)') }}
