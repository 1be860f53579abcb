"""On PostgreSQL, the database itself refuses overlapping pitch slots: two of one event, or two of
one venture at any events. Exclusion constraints over time ranges need the btree_gist extension
(trusted since PostgreSQL 13, so a database owner may create it). SQLite has no such constraint;
there the services' row-locked checks are the rule."""

from typing import Any

from django.db import migrations


class RunSQLOnPostgres(migrations.RunSQL):
    """RunSQL on PostgreSQL only; on any other database it does nothing."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        RunSQLOnPostgres(
            "CREATE EXTENSION IF NOT EXISTS btree_gist;"
            "ALTER TABLE events_pitchslot ADD CONSTRAINT events_slots_of_event_never_overlap "
            "EXCLUDE USING gist (event_id WITH =, tstzrange(starts_at, ends_at) WITH &&);"
            "ALTER TABLE events_pitchslot ADD CONSTRAINT events_slots_of_venture_never_overlap "
            "EXCLUDE USING gist (venture_id WITH =, tstzrange(starts_at, ends_at) WITH &&);",
            "ALTER TABLE events_pitchslot DROP CONSTRAINT events_slots_of_event_never_overlap;"
            "ALTER TABLE events_pitchslot DROP CONSTRAINT events_slots_of_venture_never_overlap;",
        ),
    ]
