"""A JSON column compressed with lz4 on PostgreSQL, not its default pglz, as a migration's
operation: a plan's documents are ~60 kB, and pglz took more than twice lz4's time to write
each (a save's UPDATE 2.4 ms against 0.9; a submission's version 3.8 against 2.0, with its
commit). Values stored before are rewritten by their next write, or kept as they are. A
server built without lz4 (or before PostgreSQL 14) keeps pglz; SQLite has no such setting."""

from django.db import migrations

_SET = """
DO $$
BEGIN
  EXECUTE 'ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}';
EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
  RAISE NOTICE '{table}.{column} keeps its compression: {method} is not available';
END $$;
"""


def _compression(table: str, column: str, method: str):
    def apply(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_SET.format(table=table, column=column, method=method))

    return apply


def compressed_with_lz4(table: str, column: str) -> migrations.RunPython:
    """The operation setting `table.column` to lz4 (and back to pglz when unapplied)."""
    return migrations.RunPython(
        _compression(table, column, "lz4"), _compression(table, column, "pglz")
    )
