-- The comments of the annex's scheme-driven columns <kind>_<level>[_ytd], which no yml can describe: written from
-- the scheme's names (the same stg_scheme_kinds / stg_scheme_levels annex_columns prints as headers), in the
-- "中文 label — meaning" form of the other descriptions, after persist_docs has commented the documented ones.
{% macro comment_scheme_columns() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set rows = run_query('select k.code, k.name, l.code, l.name from ' ~ ref('stg_scheme_kinds') ~ ' as k cross join '
                             ~ ref('stg_scheme_levels') ~ ' as l') -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {%- for kind, kind_name, level, level_name in rows.rows -%}
        {%- for suffix, label, meaning in [('', '本期', 'dated in the period'),
                                           ('_ytd', '累计', "from 1 January to the period's end")] -%}
            {%- set column = kind ~ '_' ~ level ~ suffix -%}
            {%- if column in existing %}
    comment on column {{ this }}.{{ adapter.quote(column) }} is
        '{{ (kind_name ~ "采用 " ~ level_name ~ " " ~ label ~ " — adoptions as " ~ kind_name ~ " at " ~ level_name
             ~ " level " ~ meaning) | replace("'", "''") }}';
            {%- endif -%}
        {%- endfor -%}
    {%- endfor %}
{% endmacro %}
