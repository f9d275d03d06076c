-- 采用登记: one row per adoption, level and type mapped to the counted categories.
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
    l.level,
    {{ text_key('a.adoption_type') }} as type_written,
    t.adoption_type,
    {{ strip_text('a.publication') }} as publication,
    {{ strip_text('a.issue_no') }} as issue_no,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_adoptions') }} as a
left join {{ ref('adoption_levels') }} as l on l.written = {{ text_key('a.level') }}
left join {{ ref('adoption_types') }} as t on t.written = {{ text_key('a.adoption_type') }}
where {{ not_rejected('a') }}
