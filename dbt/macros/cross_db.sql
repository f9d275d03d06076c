{#- SQL that DuckDB and PostgreSQL write differently. -#}

{#- the text matches the regular expression -#}
{% macro regexp_test(expr, pattern) %}{{ adapter.dispatch('regexp_test')(expr, pattern) }}{% endmacro %}
{% macro duckdb__regexp_test(expr, pattern) %}regexp_matches({{ expr }}, {{ pattern }}){% endmacro %}
{% macro postgres__regexp_test(expr, pattern) %}({{ expr }} ~ {{ pattern }}){% endmacro %}

{#- the text of the pattern's first group, null without a match -#}
{% macro regexp_group(expr, pattern) %}{{ adapter.dispatch('regexp_group')(expr, pattern) }}{% endmacro %}
{% macro duckdb__regexp_group(expr, pattern) %}nullif(regexp_extract({{ expr }}, {{ pattern }}, 1), ''){% endmacro %}
{% macro postgres__regexp_group(expr, pattern) %}substring({{ expr }} from {{ pattern }}){% endmacro %}

{#- a whole number as integer, null when the text is none (the validate step has checked the registers) -#}
{% macro try_cast_integer(expr) %}{{ adapter.dispatch('try_cast_integer')(expr) }}{% endmacro %}
{% macro duckdb__try_cast_integer(expr) %}try_cast({{ expr }} as integer){% endmacro %}
{% macro postgres__try_cast_integer(expr) -%}
    case when {{ expr }} ~ '^[+-]?[0-9]+$' and cast({{ expr }} as numeric) between -2147483648 and 2147483647
         then cast({{ expr }} as integer) end
{%- endmacro %}

{#- beside unnest(list) in a select list: each element's position, from 1 -#}
{% macro unnest_positions(list) %}{{ adapter.dispatch('unnest_positions')(list) }}{% endmacro %}
{% macro duckdb__unnest_positions(list) %}unnest(range(1, len({{ list }}) + 1)){% endmacro %}
{% macro postgres__unnest_positions(list) %}generate_series(1, cardinality({{ list }})){% endmacro %}

{#- SHA-256 of the text's UTF-8 bytes, in hex -#}
{% macro sha256_hex(expr) %}{{ adapter.dispatch('sha256_hex')(expr) }}{% endmacro %}
{% macro duckdb__sha256_hex(expr) %}sha256({{ expr }}){% endmacro %}
{% macro postgres__sha256_hex(expr) %}encode(sha256(convert_to({{ expr }}, 'UTF8')), 'hex'){% endmacro %}

{#- a decimal number with two places, null when the text is none (the validate step has checked the sheets) -#}
{% macro try_cast_decimal(expr) %}{{ adapter.dispatch('try_cast_decimal')(expr) }}{% endmacro %}
{% macro duckdb__try_cast_decimal(expr) %}try_cast({{ expr }} as decimal(12, 2)){% endmacro %}
{% macro postgres__try_cast_decimal(expr) -%}
    case when {{ expr }} ~ '^[+-]?([0-9]{1,10}(\.[0-9]*)?|\.[0-9]+)$' then cast({{ expr }} as numeric(12, 2)) end
{%- endmacro %}

