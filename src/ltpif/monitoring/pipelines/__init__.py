"""Reading NHS publication files of actuals with Ibis pipelines (DuckDB or Spark), checking
them and loading them into a store, every problem of every file reported at once."""
