{% test accounting_adds_up(model) %}
select * from {{ model }} where items_read <> used + skipped + rejected
{% endtest %}
