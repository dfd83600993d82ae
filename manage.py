#!/usr/bin/env python
"""Django's command-line utility for UCJ Tracker."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj_site.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Django's command runner swallows a settings error and fails later with an unrelated traceback
    # (AppRegistryNotReady); say what is wrong instead, e.g. that SECRET_KEY must be set without DEBUG.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings module)
    except ImproperlyConfigured as error:
        sys.exit(f"manage.py: {error} (see the README: Configuration)")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
