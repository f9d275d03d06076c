-- Every accepted spelling of a level or kind (stg_scheme_spellings: the NFKC key of a name or 别名) with the scheme
-- code and printed name it stands for: how a written 采用级别, 采用类型, or 积分标准 项目 and 级别 is resolved.
select s.dimension, s.written_key, s.code, coalesce(l.name, k.name) as name
from {{ ref('stg_scheme_spellings') }} as s
left join {{ ref('stg_scheme_levels') }} as l on s.dimension = 'level' and l.code = s.code
left join {{ ref('stg_scheme_kinds') }} as k on s.dimension = 'kind' and k.code = s.code
where l.code is not null or k.code is not null
