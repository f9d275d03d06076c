-- 考核标准: per tier, monthly and period minimums (empty = no condition), 判定方式 and 生效日期.
select
    source_file,
    sheet,
    row_number,
    row_key,
    upper({{ text_key('tier') }}) as tier,
    {{ try_cast_integer(text_key('min_submissions')) }} as min_submissions,
    {{ try_cast_integer(text_key('min_adoptions')) }} as min_adoptions,
    {{ try_cast_integer(text_key('period_min_submissions')) }} as period_min_submissions,
    {{ try_cast_integer(text_key('period_min_adoptions')) }} as period_min_adoptions,
    {{ try_cast_decimal(text_key('period_min_points')) }} as period_min_points,
    {{ text_key('rule_mode') }} as rule_mode,
    effective_from,
    effective_from_text
from {{ source('raw', 'sheet_quotas') }}
