"""The coverage app: regions, snapshots of participation, targets and who may enter what."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "coverage"
    verbose_name = _("UCJ coverage")

    def ready(self):
        # Security events, session clocks and the demo banner are signal receivers: importing the modules connects them.
        from coverage.demo import banner  # noqa: F401
        from coverage.security import audit, session_expiry  # noqa: F401

        audit.connect_lockout_log()
