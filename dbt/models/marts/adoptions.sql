-- 采用台账: every 采用登记 row that passed validation (rejected rows are in marts.rejected), the points it
-- earns (int_adoption_points), and the submission it adopted: the first submission of the same unit whose title
-- has the same key.
with submissions as (
    select unit_name, title_key, item_ref, submitted_at
    from {{ ref('int_submissions') }}
    where status <> 'duplicate_title'
)

select
    a.item_ref,
    a.source_file,
    a.sheet,
    a.row_number,
    a.adopted_on,
    a.month,
    {{ period_of('a.adopted_on') }} as period_id,
    a.unit_name,
    u.short_name as unit,
    a.unit_name_written,
    a.title,
    a.title_key,
    a.level,
    a.adoption_type,
    a.publication,
    a.issue_no,
    a.status,
    a.status = 'counted' as counted,
    cast(coalesce(p.points, 0) as decimal(12, 2)) as points,
    s.item_ref as submission_ref,
    s.submitted_at as submission_submitted_at
from {{ ref('int_adoptions') }} as a
left join {{ ref('int_units') }} as u on u.unit_name = a.unit_name
left join submissions as s on s.unit_name = a.unit_name and s.title_key = a.title_key
left join {{ ref('int_adoption_points') }} as p on p.item_ref = a.item_ref
