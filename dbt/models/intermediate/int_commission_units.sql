-- 约稿 of the period (the one that holds its 截止日期) × responsible unit. 责任单位 lists names separated by
-- 、；;，, (each matched like 单位名称), or says 各部门、各单位: every unit of the registry active in the period.
-- A listed name that matches no unit keeps a row with unit_name null, so it can be reported, never lost.
with commissions as (
    select
        source_file,
        sheet,
        row_number,
        {{ try_cast_integer('commission_no') }} as commission_no,
        topic,
        units,
        due_on,
        published_on,
        regexp_replace(coalesce({{ text_key('units') }}, ''), '[、；;，,\s]', '', 'g') = '各部门各单位' as to_all
    from {{ ref('stg_commissions') }}
    where not is_exact_repeat
      and due_on >= {{ period_start() }} and due_on < {{ period_end() }}
),

listed as (
    select c.*, unnest({{ split_list('c.units') }}) as name_written
    from commissions as c
    where not c.to_all
)

select
    {{ period_id() }} as period_id,
    l.commission_no, l.topic, l.due_on, l.published_on, l.name_written, n.unit_name,
    l.source_file, l.sheet, l.row_number
from listed as l
left join {{ ref('int_unit_names') }} as n on n.name_key = {{ text_key('l.name_written') }}

union all

select
    {{ period_id() }},
    c.commission_no, c.topic, c.due_on, c.published_on, c.units, u.unit_name,
    c.source_file, c.sheet, c.row_number
from commissions as c
cross join {{ ref('int_period_units') }} as u
where c.to_all and u.period_id = {{ period_id() }}
