-- Each attachment part, and whether it is a document (the parts that make submissions): its extension is one of
-- the document_extensions seed, or, for a part without a file name, its MIME type is a document type.
select
    parts.*,
    coalesce(by_name.extension, by_type.extension) as document_extension,
    coalesce(by_name.extension, by_type.extension) is not null as is_document
from {{ ref('stg_mail_attachments') }} as parts
left join {{ ref('document_extensions') }} as by_name on by_name.extension = parts.extension_written
left join {{ ref('document_extensions') }} as by_type
    on parts.filename is null and by_type.content_type = parts.content_type
