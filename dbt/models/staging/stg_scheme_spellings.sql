-- Every accepted spelling (NFKC key of a name or 别名) of a level or kind → its code (raw.scheme_spellings).
select dimension, written_key, code from {{ source('raw', 'scheme_spellings') }}
