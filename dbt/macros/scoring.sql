{#- the unit is known but no row of the registry has it active on that day (the event counts for nothing) -#}
{% macro unit_inactive(unit_expr, date_expr) -%}
    ({{ unit_expr }} is not null and not exists (
        select 1 from {{ ref('int_unit_versions') }} as active
        where active.unit_name = {{ unit_expr }}
          and (active.active_from is null or active.active_from <= {{ date_expr }})
          and (active.active_to is null or active.active_to >= {{ date_expr }})))
{%- endmacro %}

{#- the versioned rule row (effective_from … effective_until, exclusive) applies to an event on that day -#}
{% macro rule_in_force(alias, date_expr) -%}
    ({{ alias }}.effective_from is null or {{ alias }}.effective_from <= {{ date_expr }})
    and ({{ alias }}.effective_until is null or {{ date_expr }} < {{ alias }}.effective_until)
{%- endmacro %}

{#- The detail of an item whose unit the registry has inactive on its date (rejected.csv, unit_inactive). -#}
{% macro inactive_detail(date_expr) -%}
'the registry has the unit inactive on ' || cast({{ date_expr }} as varchar)
{%- endmacro %}
