{#- The annex's adoption columns, read from the scheme's rule tables when the model runs: one (kind code, level code)
    pair per column, every kind in its 顺序 and within it every level in its 顺序. -#}
{% macro scheme_adoption_columns() %}
    {%- set kinds, levels = ref('stg_scheme_kinds'), ref('stg_scheme_levels') -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set rows = run_query('select k.code, l.code from ' ~ kinds ~ ' as k cross join ' ~ levels
                             ~ ' as l order by k.position, l.position') -%}
    {{ return(rows.rows | map('list') | list) }}
{% endmacro %}
