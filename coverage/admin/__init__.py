"""The administrators' screens, one module per area; importing them registers them with the admin site."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coverage.admin import people, regions, reporting, snapshots, targets, tokens  # noqa: F401

admin.site.site_header = _("UCJ Tracker administration")
admin.site.site_title = _("UCJ Tracker")
admin.site.index_title = _("Administration")
# The list pages need the width (filters sit beside them); the index page lists every model anyway.
admin.site.enable_nav_sidebar = False
