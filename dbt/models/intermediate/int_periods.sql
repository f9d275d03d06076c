-- Every period with the 考核设置 that govern it: for each 项目 the latest row in force on the period's first day,
-- else the contract's default.
with ranked as (
    select
        p.period_id,
        s.item,
        s.value,
        row_number() over (partition by p.period_id, s.item order by s.effective_from desc nulls last) as pick
    from {{ ref('stg_scheme_periods') }} as p
    join {{ ref('stg_scheme_settings') }} as s on s.effective_from is null or s.effective_from <= p.period_start
)

select
    p.period_id,
    p.form,
    p.period_start,
    p.period_end,
    coalesce(max(case when r.item = '多级采用计分' then r.value end), '累加') as multi_level_scoring,
    coalesce(max(case when r.item = '显示排名' then r.value end), '否') = '是' as show_rank,
    coalesce(max(case when r.item = '排名依据' then r.value end), '本期积分') as rank_by,
    coalesce(max(case when r.item = '排序' then r.value end), '合格优先') as ordering
from {{ ref('stg_scheme_periods') }} as p
left join ranked as r on r.period_id = p.period_id and r.pick = 1
group by p.period_id, p.form, p.period_start, p.period_end
