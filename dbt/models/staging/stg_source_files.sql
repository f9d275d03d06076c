-- One row per input file read (raw.source_files): path under the inputs folder, kind, size, mtime, SHA-256.
select source_file, kind, size, mtime_ns, sha256 from {{ source('raw', 'source_files') }}
