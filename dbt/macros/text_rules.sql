{#- The contract's text comparisons. On DuckDB they are Python functions registered by the
    govinfo.dbt_functions plugin (ingestion/text.py), so ingestion and SQL agree exactly. -#}
{% macro text_key(expr) %}govinfo_key({{ expr }}){% endmacro %}
{% macro address_key(expr) %}govinfo_address_key({{ expr }}){% endmacro %}
{% macro title_key(expr) %}govinfo_title_key({{ expr }}){% endmacro %}
{% macro split_list(expr) %}govinfo_split({{ expr }}){% endmacro %}
{% macro strip_text(expr) %}govinfo_strip({{ expr }}){% endmacro %}
{% macro strip_tags(expr) %}govinfo_strip_tags({{ expr }}){% endmacro %}
{% macro strip_leading_tags(expr) %}govinfo_strip_leading_tags({{ expr }}){% endmacro %}
{% macro leading_tags(expr) %}govinfo_leading_tags({{ expr }}){% endmacro %}

{#- true for every copy of a register row after the first (rows compared on their contract cells) -#}
{% macro is_exact_repeat() %}
    (row_number() over (partition by row_key order by source_file, sheet, row_number) > 1)
{%- endmacro %}

{#- the row (or message) was not rejected by the validate step -#}
{% macro not_rejected(alias, sheet_rows=true) %}
    not exists (
        select 1 from {{ source('raw', 'row_rejections') }} as rejected
        where rejected.source_file = {{ alias }}.source_file
        {%- if sheet_rows %}
          and rejected.sheet = {{ alias }}.sheet and rejected.row_number = {{ alias }}.row_number
        {%- else %}
          and rejected.sheet is null
        {%- endif %}
    )
{%- endmacro %}
