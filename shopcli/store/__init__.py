"""The catalog store: locked-down DuckDB, the query builder (the only SQL), relaxation, text ranking."""
