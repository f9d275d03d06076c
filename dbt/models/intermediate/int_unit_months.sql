-- Monthly activity per unit: counted submissions and counted adoptions by level and type.
-- Sparse: a unit-month with no activity has no row.
with submissions as (
    select unit_name, month, count(*) as submitted
    from {{ ref('int_submissions') }}
    where status = 'counted'
    group by unit_name, month
),

adoptions as (
    select
        unit_name,
        month,
        count(*) filter (where adoption_type = '信息' and level = '省') as info_province,
        count(*) filter (where adoption_type = '信息' and level = '州') as info_prefecture,
        count(*) filter (where adoption_type = '信息' and level = '市') as info_city,
        count(*) filter (where adoption_type = '动态' and level = '省') as brief_province,
        count(*) filter (where adoption_type = '动态' and level = '州') as brief_prefecture,
        count(*) filter (where adoption_type = '动态' and level = '市') as brief_city,
        count(*) as adopted
    from {{ ref('int_adoptions') }}
    where status = 'counted'
    group by unit_name, month
)

select
    coalesce(s.unit_name, a.unit_name) as unit_name,
    coalesce(s.month, a.month) as month,
    coalesce(s.submitted, 0) as submitted,
    coalesce(a.info_province, 0) as info_province,
    coalesce(a.info_prefecture, 0) as info_prefecture,
    coalesce(a.info_city, 0) as info_city,
    coalesce(a.brief_province, 0) as brief_province,
    coalesce(a.brief_prefecture, 0) as brief_prefecture,
    coalesce(a.brief_city, 0) as brief_city,
    coalesce(a.adopted, 0) as adopted
from submissions as s
full outer join adoptions as a on a.unit_name = s.unit_name and a.month = s.month
