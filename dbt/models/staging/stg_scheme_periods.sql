-- Every period of the scheme (raw.scheme_periods): id, 考核周期 form, first day, first day after it.
select period_id, form, period_start, period_end from {{ source('raw', 'scheme_periods') }}
