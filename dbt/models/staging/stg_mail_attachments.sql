-- One row per attachment part as landed: its file name (trimmed), the name's extension and stem, its MIME type.
-- Which parts are documents is decided in int_attachments.
select
    source_file,
    message_sha256,
    part_index,
    {{ strip_text('filename') }} as filename,
    lower(content_type) as content_type,
    size,
    sha256,
    lower({{ regexp_group(strip_text('filename'), "'\.([^./\\\\]+)$'") }}) as extension_written,
    nullif(regexp_replace({{ strip_text('filename') }}, '\.[^./\\]+$', ''), '') as stem
from {{ source('raw', 'mail_attachments') }}
