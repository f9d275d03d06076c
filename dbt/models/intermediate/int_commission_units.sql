-- 约稿 of every period of the built period's year up to it (each in the period that holds its 截止日期, so the
-- year-to-date points have the 约稿 of earlier periods too) × responsible unit. 责任单位 lists names separated by
-- 、；;，, (each matched like 单位名称), or says 各部门、各单位: every unit of the registry active in that period.
-- A listed name that matches no unit keeps a row with unit_name null, so it can be reported, never lost.
with commissions as (
    select
        p.period_id,
        p.period_end,
        c.source_file,
        c.sheet,
        c.row_number,
        {{ try_cast_integer('c.commission_no') }} as commission_no,
        c.topic,
        c.units,
        c.due_on,
        c.published_on,
        regexp_replace(coalesce({{ text_key('c.units') }}, ''), '[、；;，,\s]', '', 'g') = '各部门各单位' as to_all
    from {{ ref('stg_commissions') }} as c
    join {{ ref('int_register_rows') }} as k
        on k.source_file = c.source_file and k.sheet = c.sheet and k.row_number = c.row_number
    join {{ ref('int_periods') }} as p on c.due_on >= p.period_start and c.due_on < p.period_end
    where k.outcome = 'used'
      and c.due_on >= {{ year_start() }} and c.due_on < {{ period_end() }}
),

listed as (
    select c.*, unnest({{ split_list('c.units') }}) as name_written
    from commissions as c
    where not c.to_all
)

select
    l.period_id,
    l.period_end,
    l.commission_no, l.topic, l.due_on, l.published_on, l.name_written, n.unit_name,
    l.source_file, l.sheet, l.row_number
from listed as l
left join {{ ref('int_unit_names') }} as n on n.name_key = {{ text_key('l.name_written') }}

union all

select
    c.period_id,
    c.period_end,
    c.commission_no, c.topic, c.due_on, c.published_on, c.units, u.unit_name,
    c.source_file, c.sheet, c.row_number
from commissions as c
join {{ ref('int_period_units') }} as u on u.period_id = c.period_id
where c.to_all
