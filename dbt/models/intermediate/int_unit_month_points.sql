-- Long-format monthly facts: per unit, calendar month (1 January to the built period's end), component, kind,
-- level and 刊物 rule, the events and their points after the 上限 of their 积分标准 row. A row's cap holds per unit
-- and calendar year, so a month earns min(cap, year to date through it) − min(cap, year to date before it).
with grouped as (
    select
        e.unit_name,
        e.month,
        e.component,
        e.kind_code,
        e.level_code,
        e.publication_key,
        e.component_level_code,
        e.rule_ref,
        r.cap,
        count(*) as events,
        sum(e.points) as raw_points
    from {{ ref('int_point_events') }} as e
    left join {{ ref('int_point_rules') }} as r on r.rule_ref = e.rule_ref
    group by e.unit_name, e.month, e.component, e.kind_code, e.level_code, e.publication_key, e.component_level_code,
             e.rule_ref, r.cap
),

through as (
    select
        *,
        sum(raw_points) over (partition by unit_name, rule_ref order by month) as points_through_month,
        sum(raw_points) over (partition by unit_name, rule_ref, month) as points_in_month,
        row_number() over (partition by unit_name, rule_ref, month order by level_code, kind_code) as rule_row
    from grouped
)

select
    unit_name,
    month,
    component,
    kind_code,
    level_code,
    publication_key,
    component_level_code,
    rule_ref,
    cast(events as integer) as events,
    -- rows of one rule in one month (a 刊物 row without 级别 scores several levels): the first row of them
    -- carries what the cap takes off, so they add up exactly
    cast(case when cap is null or rule_row > 1 then raw_points
              else raw_points - points_in_month
                   + least(cap, points_through_month) - least(cap, points_through_month - points_in_month)
         end as decimal(12, 2)) as points
from through
