-- 采用登记: one row per adoption, level and type mapped to the scheme's (raw.scheme_*) names and codes.
select
    a.source_file,
    a.sheet,
    a.row_number,
    a.adopted_on,
    a.adopted_on_text,
    {{ strip_text('a.unit_name') }} as unit_name_written,
    {{ text_key('a.unit_name') }} as unit_name_key,
    {{ strip_text('a.title') }} as title,
    {{ text_key('a.level') }} as level_written,
    l.name as level,
    l.code as level_code,
    {{ text_key('a.adoption_type') }} as type_written,
    t.name as adoption_type,
    t.code as kind_code,
    {{ strip_text('a.publication') }} as publication,
    {{ text_key('a.publication') }} as publication_key,
    {{ strip_text('a.issue_no') }} as issue_no,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_adoptions') }} as a
left join {{ source('raw', 'scheme_spellings') }} as ls on ls.dimension = 'level' and ls.written_key = {{ text_key('a.level') }}
left join {{ source('raw', 'scheme_levels') }} as l on l.code = ls.code
left join {{ source('raw', 'scheme_spellings') }} as ts on ts.dimension = 'kind' and ts.written_key = {{ text_key('a.adoption_type') }}
left join {{ source('raw', 'scheme_kinds') }} as t on t.code = ts.code
where {{ not_rejected('a') }}
