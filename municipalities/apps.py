from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommunernes opfølgning og pakker")

    def ready(self):
        from meetings import stored_files
        from municipalities import packs

        stored_files.derived_files(packs.pack_files_release)
