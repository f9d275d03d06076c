{#- The period being built is the var period, an id of any form of scheme.md (2024-05, 2024-Q2, 2024-H1, 2024);
    its bounds come from stg_scheme_periods (raw.scheme_periods, which the validate step writes from Python,
    ingestion/periods.py), so dbt never computes a period itself. -#}
{% macro period_id() %}'{{ var("period") }}'{% endmacro %}

{% macro _period_column(column) -%}
    (select p.{{ column }} from {{ ref('stg_scheme_periods') }} as p where p.period_id = {{ period_id() }})
{%- endmacro %}

{% macro period_start() %}{{ _period_column('period_start') }}{% endmacro %}

{#- exclusive: the first day after the period -#}
{% macro period_end() %}{{ _period_column('period_end') }}{% endmacro %}

{#- _ytd figures run from 1 January of the period's year -#}
{% macro year_start() %}cast(date_trunc('year', {{ period_start() }}) as date){% endmacro %}

{#- the id of the period a date (or timestamp) falls in, by the 考核周期 of its year -#}
{% macro period_of(date_expr) -%}
    (select p.period_id from {{ ref('stg_scheme_periods') }} as p
     where {{ date_expr }} >= p.period_start and {{ date_expr }} < p.period_end)
{%- endmacro %}

{#- the first day of each calendar month from first_month (a date expression) to the period's end, as a
    query with one column month; a period and a year to date both hold at most twelve months -#}
{% macro months_to_period_end(first_month) -%}
    select month from (
        {%- for n in range(12) %}
        select cast({{ first_month }} + interval '{{ n }} month' as date) as month{{ ' union all' if not loop.last }}
        {%- endfor %}
    ) as months
    where month < {{ period_end() }}
{%- endmacro %}

{#- the validate step's reasons that reject an item for its date: it belongs to no period until corrected -#}
{% macro date_rejection_reasons() %}('bad_date', 'date_outside_register_year'){% endmacro %}

{#- the date lies in the period, or has none (undated items belong to every period's accounting) -#}
{% macro in_period_or_undated(date_expr) -%}
    ({{ date_expr }} is null or ({{ date_expr }} >= {{ period_start() }} and {{ date_expr }} < {{ period_end() }}))
{%- endmacro %}
