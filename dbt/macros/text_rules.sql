{#- The contract's text comparisons (ingestion/text.py). On DuckDB they are Python functions registered by
    the govinfo.dbt_functions plugin, so ingestion and SQL agree exactly; on PostgreSQL they are the same
    rules in SQL, with Python's character classes (unicode_classes.sql) so no server locale changes them. -#}
{% macro text_key(expr) %}{{ adapter.dispatch('text_key')(expr) }}{% endmacro %}
{% macro address_key(expr) %}{{ adapter.dispatch('address_key')(expr) }}{% endmacro %}
{% macro title_key(expr) %}{{ adapter.dispatch('title_key')(expr) }}{% endmacro %}
{#- a list (DuckDB) or array (PostgreSQL) of text; unnest() takes either -#}
{% macro split_list(expr) %}{{ adapter.dispatch('split_list')(expr) }}{% endmacro %}
{% macro strip_text(expr) %}{{ adapter.dispatch('strip_text')(expr) }}{% endmacro %}
{% macro strip_tags(expr) %}{{ adapter.dispatch('strip_tags')(expr) }}{% endmacro %}
{% macro strip_leading_tags(expr) %}{{ adapter.dispatch('strip_leading_tags')(expr) }}{% endmacro %}
{% macro leading_tags(expr) %}{{ adapter.dispatch('leading_tags')(expr) }}{% endmacro %}

{% macro duckdb__text_key(expr) %}govinfo_key({{ expr }}){% endmacro %}
{% macro duckdb__address_key(expr) %}govinfo_address_key({{ expr }}){% endmacro %}
{% macro duckdb__title_key(expr) %}govinfo_title_key({{ expr }}){% endmacro %}
{% macro duckdb__split_list(expr) %}govinfo_split({{ expr }}){% endmacro %}
{% macro duckdb__strip_text(expr) %}govinfo_strip({{ expr }}){% endmacro %}
{% macro duckdb__strip_tags(expr) %}govinfo_strip_tags({{ expr }}){% endmacro %}
{% macro duckdb__strip_leading_tags(expr) %}govinfo_strip_leading_tags({{ expr }}){% endmacro %}
{% macro duckdb__leading_tags(expr) %}govinfo_leading_tags({{ expr }}){% endmacro %}

{#- str.strip() -#}
{% macro _pg_strip(expr) -%}
    regexp_replace({{ expr }}, '^{{ python_space_class() }}+|{{ python_space_class() }}+$', '', 'g')
{%- endmacro %}
{% macro _pg_leading_tags_pattern() %}^{{ python_space_class() }}*(?:【[^】]*】{{ python_space_class() }}*)+{% endmacro %}

{% macro postgres__text_key(expr) %}nullif({{ _pg_strip('normalize(' ~ expr ~ ', NFKC)') }}, ''){% endmacro %}
{% macro postgres__address_key(expr) %}lower({{ postgres__text_key(expr) }}){% endmacro %}
{% macro postgres__title_key(expr) -%}
    nullif(regexp_replace(regexp_replace(normalize({{ expr }}, NFKC), '【[^】]*】', '', 'g'),
                          '{{ title_drop_class() }}+', '', 'g'), '')
{%- endmacro %}
{% macro postgres__split_list(expr) -%}
    array(select part from (
              select {{ _pg_strip('piece') }} as part, n
              from regexp_split_to_table({{ postgres__text_key(expr) }}, '[;；、,，\n]+') with ordinality as s(piece, n)
          ) as parts
          where part <> '' order by n)
{%- endmacro %}
{% macro postgres__strip_text(expr) %}nullif({{ _pg_strip(expr) }}, ''){% endmacro %}
{% macro postgres__strip_tags(expr) %}{{ _pg_strip("regexp_replace(" ~ expr ~ ", '【[^】]*】', '', 'g')") }}{% endmacro %}
{% macro postgres__strip_leading_tags(expr) -%}
    {{ _pg_strip("regexp_replace(" ~ expr ~ ", '" ~ _pg_leading_tags_pattern() ~ "', '')") }}
{%- endmacro %}
{% macro postgres__leading_tags(expr) -%}
    array(select m[1] from regexp_matches(substring({{ expr }} from '{{ _pg_leading_tags_pattern() }}'),
                                          '【([^】]*)】', 'g') with ordinality as t(m, n) order by n)
{%- endmacro %}
