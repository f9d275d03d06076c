-- 采用登记: one row per register row, texts trimmed and keyed; level and type as written (their scheme codes are
-- resolved in int_adoptions).
select
    source_file,
    sheet,
    row_number,
    row_key,
    adopted_on,
    adopted_on_text,
    {{ strip_text('unit_name') }} as unit_name_written,
    {{ text_key('unit_name') }} as unit_name_key,
    {{ strip_text('title') }} as title,
    {{ text_key('level') }} as level_written,
    {{ text_key('adoption_type') }} as type_written,
    {{ strip_text('publication') }} as publication,
    {{ text_key('publication') }} as publication_key,
    {{ strip_text('issue_no') }} as issue_no
from {{ source('raw', 'sheet_adoptions') }}
