"""Analytics engines: the same Ibis expressions run on DuckDB (embedded) and Spark (clusters)."""
