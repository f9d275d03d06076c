-- 采用类型 in force (rule table written by the validate step): code, printed name, column order.
select code, name, position from {{ ref('scheme_kinds') }}
