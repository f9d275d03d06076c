"""Great Expectations suites, as code, for every landed input and for the published marts.

GX validates pandas DataFrames read from DuckDB (its SQL data source does not work on DuckDB).
"""
