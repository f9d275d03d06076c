{{ config(materialized='period_slice' if target.type == 'duckdb' else 'incremental',
          incremental_strategy='delete+insert', unique_key='period_id', on_schema_change='fail') }}
-- One row per period built for publication: when, from which inputs (a SHA-256 over every input file's
-- path and SHA-256, so two builds from the same files have the same fingerprint) and its totals.
-- A re-run that changes nothing keeps the row as it was, when it was first built.
{%- set compared = ['source_files', 'mail_files', 'sheet_files', 'inputs_sha256', 'items_read', 'items_used',
                    'items_skipped', 'items_rejected', 'units', 'units_passed', 'submitted', 'adopted', 'points'] %}
{%- set now = "cast(current_timestamp at time zone 'Asia/Shanghai' as timestamp)" %}
with files as (
    select
        count(*) as source_files,
        count(*) filter (where kind = 'mail') as mail_files,
        count(*) filter (where kind = 'sheet') as sheet_files,
        {{ sha256_hex("string_agg(source_file || ' ' || sha256, chr(10) order by source_file)") }} as inputs_sha256
    from {{ ref('stg_source_files') }}
),

accounting as (
    select
        sum(items_read) as items_read,
        sum(used) as items_used,
        sum(skipped) as items_skipped,
        sum(rejected) as items_rejected
    from {{ ref('input_accounting') }}
    where period_id = {{ period_id() }}
),

annex as (
    select
        count(*) as units,
        count(*) filter (where verdict = '合格') as units_passed,
        sum(submitted) as submitted,
        sum(adopted) as adopted,
        sum(points) as points
    from {{ ref('annex') }}
    where period_id = {{ period_id() }}
),

built as (
    select
        cast(files.source_files as integer) as source_files,
        cast(files.mail_files as integer) as mail_files,
        cast(files.sheet_files as integer) as sheet_files,
        files.inputs_sha256,
        cast(accounting.items_read as integer) as items_read,
        cast(accounting.items_used as integer) as items_used,
        cast(accounting.items_skipped as integer) as items_skipped,
        cast(accounting.items_rejected as integer) as items_rejected,
        cast(annex.units as integer) as units,
        cast(annex.units_passed as integer) as units_passed,
        cast(annex.submitted as integer) as submitted,
        cast(annex.adopted as integer) as adopted,
        cast(annex.points as decimal(12, 2)) as points
    from files
    cross join accounting
    cross join annex
)

select
    {{ period_id() }} as period_id,
    {{ period_start() }} as first_day,
    cast({{ period_end() }} - interval '1 day' as date) as last_day,
    {%- if is_incremental() %}
    coalesce(previous.built_at, {{ now }}) as built_at,
    coalesce(previous.dbt_invocation_id, '{{ invocation_id }}') as dbt_invocation_id,
    {%- else %}
    {{ now }} as built_at,
    '{{ invocation_id }}' as dbt_invocation_id,
    {%- endif %}
    '{{ target.type }}' as built_on,
    built.*
from built
{%- if is_incremental() %}
left join {{ this }} as previous
    on previous.period_id = {{ period_id() }}
    {%- for column in compared %}
    and previous.{{ column }} is not distinct from built.{{ column }}
    {%- endfor %}
{%- endif %}
