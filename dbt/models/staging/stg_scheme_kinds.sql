-- 采用类型 in force (raw.scheme_kinds, written by the validate step): code, printed name, column order.
select code, name, position from {{ source('raw', 'scheme_kinds') }}
