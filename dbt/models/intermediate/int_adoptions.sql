-- 采用登记 rows with their unit resolved and whether they count (unknown unit, level or type, or no date: not).
select
    a.source_file,
    a.sheet,
    a.row_number,
    a.source_file || '#row' || a.row_number as item_ref,
    a.adopted_on,
    cast(date_trunc('month', a.adopted_on) as date) as month,
    a.unit_name_written,
    n.unit_name,
    a.title,
    {{ title_key('a.title') }} as title_key,
    a.level_written,
    a.level,
    a.type_written,
    a.adoption_type,
    a.publication,
    a.issue_no,
    case
        when a.is_exact_repeat then 'exact_repeat'
        when a.adopted_on is null then 'bad_date'
        when n.unit_name is null then 'unknown_unit'
        when a.level is null then 'bad_level'
        when a.adoption_type is null then 'bad_type'
        else 'counted'
    end as status,
    case
        when a.is_exact_repeat then 'the same row appears earlier (another workbook or sheet)'
        when a.adopted_on is null then '采用日期 ' || coalesce('"' || a.adopted_on_text || '"', '(empty)') || ' is not a date'
        when n.unit_name is null then '单位名称 ' || coalesce('"' || a.unit_name_written || '"', '(empty)')
            || ' is not a 单位名称, 表内名称 or 别名 of the registry'
        when a.level is null then '采用级别 ' || coalesce('"' || a.level_written || '"', '(empty)') || ' is not 省/州/市'
        when a.adoption_type is null then '采用类型 ' || coalesce('"' || a.type_written || '"', '(empty)')
            || ' is not 信息 or 动态'
    end as status_detail
from {{ ref('stg_adoptions') }} as a
left join {{ ref('int_unit_names') }} as n on n.name_key = a.unit_name_key
