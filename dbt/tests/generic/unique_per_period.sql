{% test unique_per_period(model, column_name) %}
select period_id, {{ column_name }}, count(*) as copies
from {{ model }}
group by period_id, {{ column_name }}
having count(*) > 1
{% endtest %}
