"""The data version (DataVersion): its one row, and the triggers by which every write of the ranked tables bumps it.

Triggers rather than calls in the services: a cached page must never outlive a write, and a write can come from
anywhere (a service, `bulk_create`, `QuerySet.update`, the admin, a later migration, SQL typed in a shell).
"""
from django.db import migrations, models

# Frozen here rather than read from DataVersion.TABLES: a migration keeps meaning what it meant when written.
TABLES = ("coverage_province", "coverage_regency", "coverage_coveragesnapshot", "coverage_target")
BUMP = "UPDATE coverage_dataversion SET number = number + 1 WHERE id = 1"

# PostgreSQL: once per statement (a bulk insert of 17,000 rows bumps once), TRUNCATE included; BEFORE the statement,
# so that a writer waiting for the version row (held by another writer until it commits) holds no row of its own
# yet: two writers then queue instead of deadlocking over a row each.
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION coverage_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {BUMP};
    RETURN NULL;
END
$$"""
POSTGRESQL_TRIGGER = (
    "CREATE TRIGGER {table}_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION coverage_bump_data_version()"
)
# SQLite has row triggers only, one per event; bumping one row in memory costs microseconds (and SQLite lets one
# writer at a time in: no two writers can hold a row each).
SQLITE_TRIGGER = "CREATE TRIGGER {table}_{event}_data_version AFTER {event} ON {table} BEGIN {bump}; END"
EVENTS = ("insert", "update", "delete")


def create_triggers(apps, schema_editor):
    apps.get_model("coverage", "DataVersion").objects.create(pk=1, number=1)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
        for table in TABLES:
            schema_editor.execute(POSTGRESQL_TRIGGER.format(table=table))
    elif vendor == "sqlite":
        for table in TABLES:
            for event in EVENTS:
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event, bump=BUMP))
    else:  # pragma: no cover - the project runs on these two (README)
        raise NotImplementedError(f"no data version triggers for {vendor}")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS coverage_bump_data_version()")
    else:
        for table in TABLES:
            for event in EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_data_version")


class Migration(migrations.Migration):

    dependencies = [
        ('coverage', '0011_api_tokens'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.BigIntegerField(default=0)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='data_version_single_row')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
