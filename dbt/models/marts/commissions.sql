{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- 约稿 tracking: one row per (commission, responsible unit) of each period, its state at the period's end.
select
    p.period_id,
    p.commission_no,
    p.topic,
    p.unit_name,
    p.short_name as unit,
    cast(p.registry_order as integer) as registry_order,
    p.due_on,
    p.published_on,
    p.state,
    p.first_response_at,
    p.first_response_title,
    p.first_response_ref,
    p.first_response_channel,
    p.responses,
    p.adopted_responses,
    p.adopted
from {{ ref('int_commission_pairs') }} as p
where p.period_id = {{ period_id() }}
