-- Every 考核类别 used in 单位名册 has a row in 考核标准 with both minimums.
select u.unit_name, u.tier
from {{ ref('int_units') }} as u
left join {{ ref('stg_quotas') }} as q on q.tier = u.tier and not q.is_exact_repeat
where u.tier is not null and (q.min_submissions is null or q.min_adoptions is null)
