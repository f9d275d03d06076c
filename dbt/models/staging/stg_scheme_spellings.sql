-- Every accepted spelling (NFKC key) of a level or kind → its code.
select 'level' as dimension, l.written as written_key, s.code
from {{ ref('adoption_levels') }} as l
join {{ ref('scheme_levels') }} as s on s.name = l.level
union all
select 'kind', t.written, s.code
from {{ ref('adoption_types') }} as t
join {{ ref('scheme_kinds') }} as s on s.name = t.adoption_type
