-- The annex of the period being built has exactly one row per unit of the registry.
select u.unit_name
from {{ ref('int_units') }} as u
left join {{ ref('annex') }} as a on a.unit = u.short_name and a.period_id = {{ period_id() }}
group by u.unit_name
having count(a.unit) <> 1
