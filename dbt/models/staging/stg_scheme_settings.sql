-- 考核设置 rows in force, validated (null effective_from = from the start).
select cast(null as varchar) as item, cast(null as varchar) as value, cast(null as date) as effective_from
where false
