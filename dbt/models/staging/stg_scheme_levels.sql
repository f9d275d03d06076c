-- 采用级别 in force (raw.scheme_levels, written by the validate step): code, printed name, column order.
select code, name, position from {{ source('raw', 'scheme_levels') }}
