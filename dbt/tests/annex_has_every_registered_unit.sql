-- The annex of the period being built has exactly one row per unit active in the registry on a day of the period.
select u.unit_name
from {{ ref('int_period_units') }} as u
left join {{ ref('annex') }} as a on a.unit_name = u.unit_name and a.period_id = u.period_id
where u.period_id = {{ period_id() }}
group by u.unit_name
having count(a.unit_name) <> 1
