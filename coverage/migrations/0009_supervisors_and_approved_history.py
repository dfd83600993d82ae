"""Create the group "Supervisors", and approve every figure stored before review existed, saying so in its history.

Figures stored before this migration were published as final: approving them keeps every one of them on the
officials' pages under `figures=approved` too, and the history row says why.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import F
from django.utils import timezone

# Frozen here rather than imported: a migration must keep meaning what it meant when written.
GROUP = "Supervisors"
PERMISSIONS = [
    "view_province", "view_regency", "view_target", "view_coveragesnapshot", "review_coveragesnapshot",
]
REASON = "Approved when review began: figures stored before it are official"
CHUNK = 2000


def create_supervisors(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this migration needs them now.
    app_config = apps.get_app_config("coverage")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="coverage", codename__in=PERMISSIONS))


def approve_stored_figures(apps, schema_editor):
    Snapshot = apps.get_model("coverage", "CoverageSnapshot")
    History = apps.get_model("coverage", "HistoricalCoverageSnapshot")
    now = timezone.now()
    pending = Snapshot.objects.filter(status="submitted")
    ids = list(pending.values_list("pk", flat=True))
    pending.update(status="approved", reviewed_at=now, version=F("version") + 1)
    tracked = [field for field in History._meta.fields if not field.name.startswith("history_")]
    for start in range(0, len(ids), CHUNK):
        History.objects.bulk_create([
            History(**{field.attname: getattr(snapshot, field.attname) for field in tracked},
                    history_date=now, history_type="~", history_change_reason=REASON)
            for snapshot in Snapshot.objects.filter(pk__in=ids[start:start + CHUNK])
        ])


def remove_supervisors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("coverage", "0008_review_states"),
    ]

    operations = [
        migrations.RunPython(create_supervisors, remove_supervisors),
        migrations.RunPython(approve_stored_figures, migrations.RunPython.noop),
    ]
