-- One row per (约稿, responsible unit) of each period of the built period's year up to it, with its state
-- 按时/逾期/未报 at the end of its own period (scheme.md 约稿), so a re-run of a later period scores an earlier
-- period's 约稿 exactly as that period did:
--   按时 — first response dated no later than 截止日期 (the whole day), 逾期 — later but within the period,
--   未报 — no response by the period's end.
-- A response is a submission of the unit tagged 【约稿N】 (or a 纸质报送 row with 约稿编号 N), counted or merged
-- into an earlier counted copy as a repeat; its time is its own. The pair is adopted when a counted 采用登记 row
-- of the unit, dated from 1 January to the end of the commission's period, has the title key of any of its responses.
with pairs as (
    select distinct period_id, period_end, commission_no, topic, due_on, published_on, unit_name
    from {{ ref('int_commission_units') }}
    where unit_name is not null and commission_no is not null
),

counted_titles as (
    select distinct unit_name, title_key from {{ ref('int_submissions') }} where status = 'counted'
),

responses as (
    select s.unit_name, s.commission_no, s.item_ref, s.channel, s.title, s.title_key, s.submitted_at
    from {{ ref('int_submissions') }} as s
    join counted_titles as c on c.unit_name = s.unit_name and c.title_key = s.title_key
    where s.commission_no is not null
      and s.status in ('counted', 'duplicate_title')
      and s.submitted_at < {{ period_end() }}
),

adopted_titles as (
    select unit_name, title_key, min(adopted_on) as first_adopted_on
    from {{ ref('int_adoptions') }}
    where status = 'counted' and adopted_on >= {{ year_start() }} and adopted_on < {{ period_end() }}
    group by unit_name, title_key
),

matched as (
    select
        p.period_id,
        p.commission_no,
        p.unit_name,
        r.item_ref,
        r.channel,
        r.title,
        r.submitted_at,
        coalesce(a.first_adopted_on < p.period_end, false) as adopted,
        row_number() over (partition by p.period_id, p.commission_no, p.unit_name
                           order by r.submitted_at, r.item_ref) as response_no
    from pairs as p
    join responses as r
        on r.unit_name = p.unit_name and r.commission_no = p.commission_no and r.submitted_at < p.period_end
    left join adopted_titles as a on a.unit_name = r.unit_name and a.title_key = r.title_key
),

answered as (
    select
        period_id,
        commission_no,
        unit_name,
        count(*) as responses,
        bool_or(adopted) as adopted,
        count(*) filter (where adopted) as adopted_responses,
        max(case when response_no = 1 then submitted_at end) as first_response_at,
        max(case when response_no = 1 then title end) as first_response_title,
        max(case when response_no = 1 then item_ref end) as first_response_ref,
        max(case when response_no = 1 then channel end) as first_response_channel
    from matched
    group by period_id, commission_no, unit_name
)

select
    p.period_id,
    p.commission_no,
    p.topic,
    p.due_on,
    p.published_on,
    p.unit_name,
    u.short_name,
    u.registry_order,
    case
        when a.first_response_at is null then '未报'
        when a.first_response_at < p.due_on + interval '1 day' then '按时'
        else '逾期'
    end as state,
    a.first_response_at,
    a.first_response_title,
    a.first_response_ref,
    a.first_response_channel,
    cast(coalesce(a.responses, 0) as integer) as responses,
    cast(coalesce(a.adopted_responses, 0) as integer) as adopted_responses,
    coalesce(a.adopted, false) as adopted
from pairs as p
join {{ ref('int_units') }} as u on u.unit_name = p.unit_name
left join answered as a
    on a.period_id = p.period_id and a.commission_no = p.commission_no and a.unit_name = p.unit_name
