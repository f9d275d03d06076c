-- 采用登记: one row per adoption, level and type as written (NFKC keys).
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
    {{ text_key('a.adoption_type') }} as type_written,
    {{ strip_text('a.publication') }} as publication,
    {{ text_key('a.publication') }} as publication_key,
    {{ strip_text('a.issue_no') }} as issue_no,
    {{ is_exact_repeat() }} as is_exact_repeat
from {{ source('raw', 'sheet_adoptions') }} as a
where {{ not_rejected('a') }}
