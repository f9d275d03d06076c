-- Every 考核类别 of a unit in the period has a 考核标准 row in force on the period's first day.
select u.unit_name, u.tier
from {{ ref('int_period_units') }} as u
where u.period_id = {{ period_id() }} and u.tier is not null
  and not exists (select 1 from {{ ref('int_quota_rules') }} as q
                  where q.tier = u.tier and {{ rule_in_force('q', 'u.period_start') }})
