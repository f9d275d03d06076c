-- The registry: one row per unit. 单位名称 is the key; a later row naming the same unit is rejected.
with ranked as (
    select
        *,
        row_number() over (partition by unit_key order by source_file, sheet, row_number) as copy_no
    from {{ ref('stg_units') }}
    where not is_exact_repeat and unit_key is not null
)

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
from ranked
where copy_no = 1
