"""Indexes of the admin's snapshot list (coverage/admin/paging.py).

The date index gains the regency and the key, so that the keys of a deep page are read from the index alone.

The source filter (`source__icontains`) gets a trigram index on PostgreSQL, and nothing on SQLite. Written as SQL
run on PostgreSQL only rather than declared in CoverageSnapshot.Meta.indexes: a GIN index with pg_trgm's operator
class exists on PostgreSQL alone, and SQLite (development, half of CI) would refuse it. Being outside the model
state, it never shows in makemigrations. The indexed expression is the one Django writes for
icontains on PostgreSQL, `UPPER("source"::text) LIKE UPPER(%s)`, so that the planner can match the two.
"""
from django.db import migrations, models

CREATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS snapshot_source_trgm_idx ON coverage_coveragesnapshot "
    'USING gin ((UPPER("source"::text)) gin_trgm_ops)'
)
DROP_INDEX = "DROP INDEX IF EXISTS snapshot_source_trgm_idx"


# Not django.contrib.postgres's TrigramExtension operation: its reverse queries pg_extension on any database,
# which fails on SQLite. Going back drops the index and leaves the extension, which other things may use.
CREATE_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_EXTENSION)
        schema_editor.execute(CREATE_INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("coverage", "0012_data_version"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="coveragesnapshot", name="snapshot_as_of_idx"),
        migrations.AddIndex(
            model_name="coveragesnapshot",
            index=models.Index(fields=["as_of", "regency", "id"], name="snapshot_as_of_regency_idx"),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
