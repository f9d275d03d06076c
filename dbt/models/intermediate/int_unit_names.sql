-- Every name a unit may be written by (单位名称, 表内名称, 别名 of any of its registry rows) → the unit.
-- A name two units share resolves to the one whose own 单位名称 or 表内名称 it is; a tie is left unresolved.
with names as (
    select unit_name, unit_key as name_key, 1 as priority from {{ ref('int_unit_versions') }}
    union all
    select unit_name, {{ text_key('short_name') }}, 2 from {{ ref('int_unit_versions') }}
    union all
    select unit_name, {{ text_key('alias') }}, 3
    from (select unit_name, unnest({{ split_list('aliases') }}) as alias from {{ ref('int_unit_versions') }}) as a
),

best as (
    select name_key, min(priority) as priority from names where name_key is not null group by name_key
)

select names.name_key, min(names.unit_name) as unit_name, min(names.priority) as priority
from names
join best on best.name_key = names.name_key and best.priority = names.priority
group by names.name_key
having count(distinct names.unit_name) = 1
