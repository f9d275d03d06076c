-- One row per attachment part; documents are the parts that make submissions.
-- A part without a file name is still a document when its MIME type is a document type.
with parts as (
    select
        source_file,
        message_sha256,
        part_index,
        {{ strip_text('filename') }} as filename,
        lower(content_type) as content_type,
        size,
        sha256,
        lower({{ regexp_group(strip_text('filename'), "'\.([^./\\\\]+)$'") }}) as extension_written
    from {{ source('raw', 'mail_attachments') }}
)

select
    parts.*,
    nullif(regexp_replace(parts.filename, '\.[^./\\]+$', ''), '') as stem,
    coalesce(by_name.extension, by_type.extension) as document_extension,
    coalesce(by_name.extension, by_type.extension) is not null as is_document
from parts
left join {{ ref('document_extensions') }} as by_name on by_name.extension = parts.extension_written
left join {{ ref('document_extensions') }} as by_type
    on parts.filename is null and by_type.content_type = parts.content_type
