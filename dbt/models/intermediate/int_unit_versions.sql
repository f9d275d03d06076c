-- 单位名册 rows: one unit may have several rows whose 启用日期–停用日期 ranges do not overlap (both days active,
-- empty = open). A unit is its 单位名称's key (NFKC, as the validate step's duplicate_unit rule compares them) and
-- is named by its first row; its registry order is the position of that row (workbook path, then row).
with rows as (
    select
        first_value(unit_name) over (partition by unit_key order by source_file, sheet, row_number) as unit_name,
        unit_key,
        short_name,
        aliases,
        emails,
        tier,
        unit_group,
        active_from,
        active_to,
        source_file,
        sheet,
        row_number,
        row_number() over (order by source_file, sheet, row_number) as row_order
    from {{ ref('stg_units') }}
    where not is_exact_repeat and unit_key is not null
)

select
    *,
    min(row_order) over (partition by unit_key) as registry_order
from rows
