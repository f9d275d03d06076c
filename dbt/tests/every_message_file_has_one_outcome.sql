-- Every message file read (raw.source_files of kind mail) has exactly one outcome in int_input_items, so
-- input_accounting's messages read equal the files read and rejected.csv lists each unused one once.
select f.source_file, count(i.source_file) as outcomes
from {{ source('raw', 'source_files') }} as f
left join {{ ref('int_input_items') }} as i on i.source_file = f.source_file and i.input = 'messages'
where f.kind = 'mail'
group by f.source_file
having count(i.source_file) <> 1
