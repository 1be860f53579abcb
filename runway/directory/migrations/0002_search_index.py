"""The full-text index table, in the form the database in use supports (see directory/index.py).

SQLite gets an FTS5 virtual table whose rowid is the venture id; PostgreSQL a table with a
tsvector column and a GIN index. Neither has a foreign key: Django does not know these tables,
so it could not truncate a referenced table when tests flush the database; searches join the
directory entries, which leaves any orphan row unseen until the next rebuild removes it.
"""

from typing import Any

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL on one database vendor only; on any other it does nothing."""

    def __init__(self, vendor: str, sql: str, reverse_sql: str) -> None:
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            self.__class__.__name__,
            [self.vendor, self.sql, self.reverse_sql],
            {},
        )

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        RunSQLOn(
            "sqlite",
            "CREATE VIRTUAL TABLE directory_search USING fts5("
            "name, sectors, profile, body, tokenize = 'unicode61 remove_diacritics 0')",
            "DROP TABLE directory_search",
        ),
        RunSQLOn(
            "postgresql",
            "CREATE TABLE directory_search (venture_id bigint PRIMARY KEY, document tsvector NOT NULL);"
            # Without the pending list, every write goes straight into the index: searches never
            # depend on autovacuum having merged recent writes (the index is read far more).
            "CREATE INDEX directory_search_document ON directory_search USING gin (document) "
            "WITH (fastupdate = off);",
            "DROP TABLE directory_search",
        ),
    ]
