-- Every row of every register and scheme sheet, once, with what became of it: rejected (the validate step rejected
-- it: raw.row_rejections), skipped (an exact repeat: the same row, every contract cell, appears earlier in this or
-- another workbook — among the rows not rejected, by workbook path, sheet, row) or used. The models that apply the
-- rules read the staging rows through it; int_input_items lists it as the input 'register rows'.
-- item_date is the row's date for the dated registers; null when it has none or was rejected for its date.
{%- set registers = {'stg_units': none, 'stg_quotas': none, 'stg_points': none, 'stg_adoptions': 'adopted_on',
                     'stg_paper_submissions': 'submitted_on', 'stg_reviews': none, 'stg_overrides': none,
                     'stg_commissions': none, 'stg_settings': none, 'stg_levels': none, 'stg_kinds': none,
                     'stg_endorsements': 'endorsed_on', 'stg_adjustments': 'adjusted_on'} %}
with judged as (
    {%- for model, dated in registers.items() %}
    select
        '{{ model }}' as register,
        s.source_file,
        s.sheet,
        s.row_number,
        r.reason as rejection_reason,
        r.detail as rejection_detail,
        r.expectation,
        r.message_id,
        {%- if dated %}
        case when r.reason is null or r.reason not in {{ date_rejection_reasons() }} then s.{{ dated }} end
        {%- else %}
        cast(null as date)
        {%- endif %} as item_date,
        r.source_file is not null as is_rejected,
        r.source_file is null
            and row_number() over (partition by r.source_file is null, s.row_key
                                   order by s.source_file, s.sheet, s.row_number) > 1 as is_exact_repeat
    from {{ ref(model) }} as s
    left join {{ ref('stg_row_rejections') }} as r
        on r.source_file = s.source_file and r.sheet = s.sheet and r.row_number = s.row_number
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    register,
    source_file,
    sheet,
    row_number,
    case when is_rejected then 'rejected' when is_exact_repeat then 'skipped' else 'used' end as outcome,
    case when is_rejected then rejection_reason when is_exact_repeat then 'exact_repeat' end as reason,
    case when is_rejected then rejection_detail
         when is_exact_repeat then 'the same row appears earlier (this or another workbook)' end as detail,
    expectation,
    message_id,
    item_date,
    is_rejected,
    is_exact_repeat
from judged
