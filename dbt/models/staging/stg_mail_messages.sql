-- One row per message file as landed: who sent it (and the comparison key of the address), when, the subject's
-- leading 【】 tags, and whether the body holds any text. What becomes of a message is decided in int_messages.
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
from {{ source('raw', 'mail_messages') }}
