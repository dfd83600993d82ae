"""Create the groups "Field staff" and "Officials" with the model permissions of each role."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here rather than imported: a migration must keep meaning what it meant when written.
GROUP_PERMISSIONS = {
    "Field staff": [
        "view_province", "view_regency", "view_target",
        "view_coveragesnapshot", "add_coveragesnapshot", "change_coveragesnapshot",
    ],
    "Officials": [
        "view_province", "view_regency", "view_target", "view_coveragesnapshot",
    ],
}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this migration needs them now.
    app_config = apps.get_app_config("coverage")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="coverage", codename__in=codenames))


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("coverage", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
