{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- Per unit and calendar month of each published period: activity against the tier's monthly quota.
select
    period_id,
    unit_name,
    short_name as unit,
    month,
    tier,
    submitted,
    adopted,
    min_submissions,
    min_adoptions,
    submissions_ok,
    adoptions_ok
from {{ ref('int_unit_month_checks') }}
