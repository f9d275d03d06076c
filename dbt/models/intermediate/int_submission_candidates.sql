-- Everything that may be a submission before the counting rules: each document attachment of a used
-- message, a used message without documents but with a body, and each 纸质报送 row with a known unit and date.
with messages as (
    select * from {{ ref('int_messages') }} where status = 'used'
),

documents as (
    select * from {{ ref('int_attachments') }} where is_document
),

from_documents as (
    select
        'mail' as channel,
        m.source_file,
        m.message_id,
        d.part_index,
        cast(null as integer) as row_number,
        m.unit_name,
        m.sent_at as submitted_at,
        -- a document whose name is only tags (or missing) takes the subject as title
        coalesce(nullif({{ strip_leading_tags('d.stem') }}, ''), {{ strip_tags('m.subject') }}) as title,
        m.commission_no
    from messages as m
    join documents as d on d.source_file = m.source_file
),

from_bodies as (
    select
        'mail', m.source_file, m.message_id, cast(null as integer), cast(null as integer),
        m.unit_name, m.sent_at, {{ strip_tags('m.subject') }}, m.commission_no
    from messages as m
    where m.has_body_text
      and not exists (select 1 from documents as d where d.source_file = m.source_file)
),

from_paper as (
    select
        'paper', p.source_file, cast(null as varchar), cast(null as integer), p.row_number,
        n.unit_name, cast(p.submitted_on as timestamp), p.title, {{ try_cast_integer('p.commission_no') }}
    from {{ ref('stg_paper_submissions') }} as p
    join {{ ref('int_register_rows') }} as k
        on k.source_file = p.source_file and k.sheet = p.sheet and k.row_number = p.row_number
    join {{ ref('int_unit_names') }} as n on n.name_key = p.unit_name_key
    where k.outcome = 'used' and p.submitted_on is not null
)

select
    *,
    source_file || coalesce('#part' || part_index, '#row' || row_number, '#body') as item_ref,
    {{ title_key('title') }} as title_key
from (
    select * from from_documents
    union all select * from from_bodies
    union all select * from from_paper
) as candidates
