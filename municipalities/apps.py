from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommunernes opfølgning og pakker")

    def ready(self):
        from meetings import signals
        from municipalities import packs

        signals.files_released.connect(packs.pack_files_release, dispatch_uid="municipality-packs")
