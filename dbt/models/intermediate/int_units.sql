-- The registry: one row per unit (单位名称 is the key), in registry order, with the printed name of its first row.
select unit_name, unit_key, short_name, tier, registry_order
from {{ ref('int_unit_versions') }}
where row_order = registry_order
