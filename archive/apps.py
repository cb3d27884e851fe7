from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Arkiv (gamle mødepakker)")

    def ready(self):
        from archive import checks
        from meetings import checklist

        checklist.register(checklist.AGENDA, checklist.MINUTES)(checks.check_not_imported)
