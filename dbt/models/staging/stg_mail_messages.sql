-- One row per message file: who sent it, when, and whether it is mail at all (auto-replies, reports).
with messages as (
    select
        source_file,
        sha256,
        message_id,
        from_address,
        {{ address_key('from_address') }} as from_key,
        subject,
        {{ leading_tags('subject') }} as subject_tags,
        sent_at,
        time_source,
        auto_submitted,
        content_type,
        body_text,
        coalesce(length({{ strip_text('body_text') }}), 0) > 0 as has_body_text,
        defects
    from {{ source('raw', 'mail_messages') }} as m
    where {{ not_rejected('m', sheet_rows=false) }}
)

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
from messages
