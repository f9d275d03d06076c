-- 积分标准 as one row of weights, one per counted category. A category the sheet lacks is null
-- (the not_null tests stop the build: the standard must cover every level).
with points as (
    select item, level, points from {{ ref('stg_points') }} where not is_exact_repeat
)

select
    max(case when item = '报送' then points end) as per_submission,
    max(case when item = '信息' and level = '省' then points end) as info_province,
    max(case when item = '信息' and level = '州' then points end) as info_prefecture,
    max(case when item = '信息' and level = '市' then points end) as info_city,
    max(case when item = '动态' and level = '省' then points end) as brief_province,
    max(case when item = '动态' and level = '州' then points end) as brief_prefecture,
    max(case when item = '动态' and level = '市' then points end) as brief_city
from points
