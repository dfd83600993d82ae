"""Create the group "Administrators": what an administrator who is not a superuser may do in the admin."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here rather than imported: a migration must keep meaning what it meant when written.
# Not here: deleting snapshots, provinces or regencies (superusers only), editing groups or
# permissions (that would let an administrator grant themselves anything).
GROUP = "Administrators"
PERMISSIONS = {
    "coverage": [
        "view_target", "add_target", "change_target", "delete_target",
        "view_province", "add_province", "change_province",
        "view_regency", "add_regency", "change_regency",
        "view_assignment", "add_assignment", "change_assignment", "delete_assignment",
        "view_coveragesnapshot", "add_coveragesnapshot", "change_coveragesnapshot",
    ],
    "auth": ["view_user", "add_user", "change_user", "view_group"],
}


def create_administrators_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this migration needs them now.
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for label, codenames in PERMISSIONS.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


def remove_administrators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("coverage", "0003_constraint_messages"),
    ]

    operations = [migrations.RunPython(create_administrators_group, remove_administrators_group)]
