-- Every scored event from 1 January to the built period's end, one row each, with its component, kind and level
-- codes, the 积分标准 row (version by the event's date) that scored it and its points before the yearly 上限:
-- counted submissions (报送), counted adoptions (after 刊物 precedence and 取最高), counted 批示登记 rows (批示 × level),
-- months meeting the tier's monthly conditions (达标, dated the month's first day), the (约稿, responsible unit)
-- pairs of every period of the year up to the built one by their state at their period's end (约稿按时/逾期/未报,
-- dated the 截止日期) and 加减分登记 rows (signed).
-- component_level_code is the level of the points.csv component: the rule's for a 刊物 row, else the event's.
with submissions as (
    select s.item_ref, s.unit_name, s.submitted_on as event_on, s.month, r.rule_ref, coalesce(r.points, 0) as points
    from {{ ref('int_submissions') }} as s
    left join {{ ref('int_point_rules') }} as r
        on r.component = 'submission' and {{ rule_in_force('r', 's.submitted_on') }}
    where s.status = 'counted' and s.month >= {{ year_start() }} and s.month < {{ period_end() }}
)

select item_ref, unit_name, event_on, month, 'submission' as component, cast(null as varchar) as kind_code,
       cast(null as varchar) as level_code, cast(null as varchar) as publication_key,
       cast(null as varchar) as component_level_code, rule_ref, points
from submissions

union all
select item_ref, unit_name, adopted_on, month, 'adoption', kind_code, level_code, rule_publication_key,
       case when rule_publication_key is null then level_code else rule_level_code end, rule_ref, points
from {{ ref('int_adoption_points') }}
where month >= {{ year_start() }} and month < {{ period_end() }}

union all
select item_ref, unit_name, endorsed_on, month, 'endorsement', null, level_code, null, level_code, rule_ref, points
from {{ ref('int_endorsements') }}
where status = 'counted' and endorsed_on >= {{ year_start() }} and endorsed_on < {{ period_end() }}

union all
select c.unit_name || '#' || cast(c.month as varchar), c.unit_name, c.month, c.month, 'quota_met', null, null, null, null,
       r.rule_ref, r.points
from {{ ref('int_unit_month_checks') }} as c
join {{ ref('int_point_rules') }} as r on r.component = 'quota_met' and {{ rule_in_force('r', 'c.month') }}
where c.quota_met

union all
select c.unit_name || '#约稿' || cast(c.commission_no as varchar), c.unit_name, c.due_on,
       cast(date_trunc('month', c.due_on) as date), r.component, null, null, null, null, r.rule_ref, r.points
from {{ ref('int_commission_pairs') }} as c
join {{ ref('int_point_rules') }} as r
    on r.component = case c.state when '按时' then 'commission_on_time' when '逾期' then 'commission_late'
                                  else 'commission_missing' end
   and {{ rule_in_force('r', 'c.due_on') }}

union all
select item_ref, unit_name, adjusted_on, month, 'adjustment', null, null, null, null, null, coalesce(points, 0)
from {{ ref('int_adjustments') }}
where status = 'counted' and adjusted_on >= {{ year_start() }} and adjusted_on < {{ period_end() }}
