-- The registry: one row per unit (单位名称 is the key; the validate step rejected conflicting rows).
select
    unit_name,
    unit_key,
    short_name,
    aliases,
    emails,
    tier,
    source_file,
    sheet,
    row_number,
    row_number() over (order by source_file, sheet, row_number) as registry_order
from {{ ref('stg_units') }}
where not is_exact_repeat and unit_key is not null
