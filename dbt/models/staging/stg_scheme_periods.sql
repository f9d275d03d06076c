-- Every period (id, first day, day after the last).
{%- set y = var('period')[:4] | int %}
{%- for m in range(1, 12, 2) %}
select '{{ "%04d-%02d" | format(y, m) }}' as period_id, '双月' as form,
       cast('{{ "%04d-%02d-01" | format(y, m) }}' as date) as period_start,
       cast('{{ "%04d-%02d-01" | format(y + 1 if m == 11 else y, 1 if m == 11 else m + 2) }}' as date) as period_end
{{ 'union all' if not loop.last }}
{%- endfor %}
