from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommunernes opfølgning og pakker")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from meetings import signals
        from municipalities import packs, selectors
        from municipalities.models import CouncilReferral

        signals.files_released.connect(packs.pack_files_release, dispatch_uid="municipality-packs")
        signals.item_links_wanted.connect(selectors.followup_links, dispatch_uid="followup-links")
        signals.item_tools_wanted.connect(selectors.followup_tools, dispatch_uid="followup-tools")
        signals.secretariat_work_wanted.connect(
            selectors.secretariat_work, dispatch_uid="followup-work"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                selectors.followup_changed, sender=CouncilReferral, dispatch_uid="followup-pages"
            )
