-- Each message with its unit (by From address, failing that a leading 【name】 tag of the subject)
-- and what becomes of it: used, skipped (auto-reply, delivery report, second copy) or quarantined
-- (unknown_sender: counted for nobody until the registry knows the address; a re-run picks it up).
with messages as (
    select * from {{ ref('stg_mail_messages') }}
),

tags as (
    select source_file, unnest(subject_tags) as tag, {{ unnest_positions('subject_tags') }} as position
    from messages
),

by_tag as (
    select tags.source_file, names.unit_name,
           row_number() over (partition by tags.source_file order by tags.position) as pick
    from tags
    join {{ ref('int_unit_names') }} as names on names.name_key = {{ text_key('tags.tag') }}
),

commission as (
    select source_file, min({{ try_cast_integer(regexp_group('tag', "'^\s*约稿\s*(\d+)\s*$'")) }}) as commission_no
    from tags
    group by source_file
),

resolved as (
    select
        m.*,
        coalesce(addr.unit_name, by_tag.unit_name) as unit_name,
        case when addr.unit_name is not null then 'address' when by_tag.unit_name is not null then 'subject_tag' end
            as resolved_by,
        commission.commission_no
    from messages as m
    left join {{ ref('int_unit_addresses') }} as addr on addr.address_key = m.from_key
    left join by_tag on by_tag.source_file = m.source_file and by_tag.pick = 1
    left join commission on commission.source_file = m.source_file
)

select
    *,
    case
        when is_duplicate_message then 'duplicate_message'
        when is_delivery_report then 'delivery_report'
        when is_auto_reply then 'auto_reply'
        when unit_name is null then 'unknown_sender'
        else 'used'
    end as status,
    case
        when is_duplicate_message then 'the same message (the same bytes) was read from another file'
        when is_delivery_report then 'delivery status report'
        when is_auto_reply then 'automatic reply (Auto-Submitted: ' || coalesce(auto_submitted, '-') || ')'
        when unit_name is null then 'From ' || coalesce(from_address, '(none)')
            || ' is not a 报送邮箱 of the registry and the subject names no unit in 【】'
    end as status_detail
from resolved
