-- Each message with its unit (by From address, failing that a leading 【name】 tag of the subject)
-- and what becomes of it: used, skipped (auto-reply, delivery report, second copy), quarantined
-- (unknown_sender: counted for nobody until the registry knows the address; a re-run picks it up) or
-- rejected as no_content (neither a document attachment nor text in the body: nothing to count).
-- Messages the validate step rejected (no date, cut off) are left out: marts.rejected lists them.
with messages as (
    select
        *,
        (auto_submitted is not null and lower(trim(auto_submitted)) <> 'no')
            or {{ regexp_test("lower(coalesce(subject, ''))",
                              "'^\s*(自动回复|自动答复|auto[- ]?reply|automatic reply|out of office)'") }}
            as is_auto_reply,
        content_type = 'multipart/report'
            or split_part(coalesce(from_key, ''), '@', 1) in ('mailer-daemon', 'postmaster')
            as is_delivery_report,
        -- the same message delivered twice (two files, or the folder and the IMAP archive)
        -- by its bytes, not its Message-ID: a stranger forging a unit's Message-ID must never displace its message
        row_number() over (partition by sha256 order by source_file) > 1 as is_duplicate_message
    from {{ ref('stg_mail_messages') }} as m
    where not exists (
        select 1 from {{ ref('stg_row_rejections') }} as r
        where r.source_file = m.source_file and r.sheet is null
    )
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
),

with_documents as (
    select source_file from {{ ref('int_attachments') }} where is_document group by source_file
)

select
    r.*,
    case
        when r.is_duplicate_message then 'duplicate_message'
        when r.is_delivery_report then 'delivery_report'
        when r.is_auto_reply then 'auto_reply'
        when r.unit_name is null then 'unknown_sender'
        when not r.has_body_text and d.source_file is null
            then 'no_content'
        else 'used'
    end as status,
    case
        when r.is_duplicate_message then 'the same message (the same bytes) was read from another file'
        when r.is_delivery_report then 'delivery status report'
        when r.is_auto_reply then 'automatic reply (Auto-Submitted: ' || coalesce(r.auto_submitted, '-') || ')'
        when r.unit_name is null then 'From ' || coalesce(r.from_address, '(none)')
            || ' is not a 报送邮箱 of the registry and the subject names no unit in 【】'
        when not r.has_body_text and d.source_file is null
            then 'no document attachment and no text in the body'
    end as status_detail
from resolved as r
left join with_documents as d on d.source_file = r.source_file
