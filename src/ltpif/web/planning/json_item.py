"""A JSON column written in place: one item of one of its top-level arrays replaced, the rest
left as stored. A plan's working copy is ~60 kB of JSON and a save edits one commitment of it
(~1 kB): sent whole, the database parses all of it again and logs it whole; replaced in place
it receives the item alone. SQLite's json_set and PostgreSQL's jsonb_set, as one expression."""

from __future__ import annotations

import json

from django.db.models import Expression, F, JSONField


class ReplacedItem(Expression):
    """`column` with the item at `index` of its top-level array `key` replaced by `value`."""

    output_field = JSONField()

    def __init__(self, column: str, key: str, index: int, value: object) -> None:
        super().__init__()
        if not key.isidentifier():  # the key goes into the path as it is: a name, never input
            raise ValueError(f"not a plain key: {key!r}")
        self.column, self.key, self.index = F(column), key, int(index)
        self.value = json.dumps(value)

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        resolved = self.copy()
        resolved.column = self.column.resolve_expression(
            query, allow_joins, reuse, summarize, for_save
        )
        return resolved

    def as_sql(self, compiler, connection):  # SQLite's JSON functions
        column, params = compiler.compile(self.column)
        path = f"$.{self.key}[{self.index}]"
        return f"json_set({column}, %s, json(%s))", [*params, path, self.value]

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        path = f"{{{self.key},{self.index}}}"
        return f"jsonb_set({column}, %s::text[], %s::jsonb)", [*params, path, self.value]
