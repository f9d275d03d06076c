-- 考核设置 rows in force, validated (raw.scheme_settings; null effective_from = from the start).
select item, value, effective_from from {{ source('raw', 'scheme_settings') }}
