{#- The staging views and intermediate tables on DuckDB, each in one statement. CREATE OR REPLACE inside the
    model's transaction swaps the relation atomically, so dbt's built-in table and view materializations' steps
    (build <name>__dbt_tmp, rename the old one to __dbt_backup, rename, drop it, look for foreign keys and indexes)
    buy nothing here: these layers have no contract, constraint, index, grant, hook or persisted docs. Those steps
    cost about 35 ms of dbt's Python a model, most of a warm build's time (docs/performance.md).
    dbt_project.yml picks it on DuckDB only; PostgreSQL keeps dbt's own. -#}
{% materialization replaced, adapter='duckdb' %}
  {%- set kind = config.get('replaced_as', 'table') -%}
  {%- set target_relation = this.incorporate(type=kind) -%}
  {%- set existing = load_cached_relation(this) -%}
  {#- a table cannot replace a view of the same name (nor a view a table) -#}
  {%- if existing is not none and existing.type != kind -%}
    {{ drop_relation_if_exists(existing) }}
  {%- endif -%}
  {% call statement('main') -%}
    create or replace {{ kind }} {{ target_relation }} as (
      {{ sql }}
    )
  {%- endcall %}
  {{ adapter.commit() }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
