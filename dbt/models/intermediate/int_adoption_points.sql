-- The points of each counted adoption. The 积分标准 row: the one with its 类型, 级别 and 刊物; else its 类型, no 级别
-- and its 刊物; else its 类型 and 级别 without 刊物 — each the version in force on the adoption's date.
-- Under 多级采用计分 = 取最高 (the setting of the period holding the date) the adoptions of one article (unit and
-- title key) in a calendar year earn together only the best one's points: each, by date then register row, earns
-- its points minus the best points the article had before, never less than 0.
with adoptions as (
    select * from {{ ref('int_adoptions') }} where status = 'counted'
),

candidates as (
    select
        a.item_ref,
        r.rule_ref,
        r.points,
        r.publication_key as rule_publication_key,
        r.level_code as rule_level_code,
        row_number() over (
            partition by a.item_ref
            order by case when r.publication_key is not null and r.level_code is not null then 1
                          when r.publication_key is not null then 2 else 3 end
        ) as pick
    from adoptions as a
    join {{ ref('int_point_rules') }} as r
        on r.component = 'adoption'
       and r.kind_code = a.kind_code
       and (r.level_code = a.level_code or (r.level_code is null and r.publication_key is not null))
       and (r.publication_key is null or r.publication_key = a.publication_key)
       and {{ rule_in_force('r', 'a.adopted_on') }}
),

scored as (
    select
        a.*,
        c.rule_ref,
        c.rule_publication_key,
        c.rule_level_code,
        coalesce(c.points, 0) as base_points,
        coalesce(p.multi_level_scoring, '累加') as multi_level_scoring,
        max(coalesce(c.points, 0)) over (
            partition by a.unit_name, a.title_key, extract(year from a.adopted_on)
            order by a.adopted_on, a.source_file, a.row_number
            rows between unbounded preceding and 1 preceding
        ) as best_before
    from adoptions as a
    left join candidates as c on c.item_ref = a.item_ref and c.pick = 1
    left join {{ ref('int_periods') }} as p on a.adopted_on >= p.period_start and a.adopted_on < p.period_end
)

select
    *,
    case when multi_level_scoring = '取最高' then greatest(base_points - greatest(coalesce(best_before, 0), 0), 0)
         else base_points end as points
from scored
