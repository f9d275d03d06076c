{#- The period var as literals: a period is two calendar months starting at an odd month. -#}
{% macro _period_parts() %}
    {%- set period = var('period') | string -%}
    {%- if not modules.re.match('^[0-9]{4}-(01|03|05|07|09|11)$', period) -%}
        {{ exceptions.raise_compiler_error("var period must be YYYY-MM with an odd month, got '" ~ period ~ "'") }}
    {%- endif -%}
    {{ return((period[:4] | int, period[5:7] | int)) }}
{% endmacro %}

{% macro period_id() %}'{{ var("period") }}'{% endmacro %}

{% macro period_start() %}
    {%- set y, m = _period_parts() -%}
    cast('{{ "%04d-%02d-01" | format(y, m) }}' as date)
{%- endmacro %}

{#- exclusive: the first day after the period -#}
{% macro period_end() %}
    {%- set y, m = _period_parts() -%}
    {%- set y2, m2 = (y + 1, 1) if m == 11 else (y, m + 2) -%}
    cast('{{ "%04d-%02d-01" | format(y2, m2) }}' as date)
{%- endmacro %}

{% macro year_start() %}
    {%- set y, m = _period_parts() -%}
    cast('{{ "%04d-01-01" | format(y) }}' as date)
{%- endmacro %}

{#- the period id (YYYY-MM) a date falls in -#}
{% macro period_of(date_expr) %}
    (cast(extract(year from {{ date_expr }}) as varchar) || '-' ||
     lpad(cast(extract(month from {{ date_expr }}) - (1 - cast(extract(month from {{ date_expr }}) as integer) % 2) as varchar), 2, '0'))
{%- endmacro %}

{#- the date lies in the period, or has none (undated items belong to every period's accounting) -#}
{% macro in_period_or_undated(date_expr) -%}
    ({{ date_expr }} is null or ({{ date_expr }} >= {{ period_start() }} and {{ date_expr }} < {{ period_end() }}))
{%- endmacro %}
