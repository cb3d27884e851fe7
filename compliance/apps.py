from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Persondata og tilgængelighed")

    def ready(self):
        from compliance import closed_items, guard, ocr, readability, services, tasks
        from meetings import checklist, signals, stored_files
        from meetings.admin import annex_facts
        from meetings.publishing import reader_source
        from search.tasks import dispatch

        def on_annex_stored(sender, annex_id, **kwargs):
            dispatch(tasks.annex_readability, annex_id)

        signals.annex_stored.connect(on_annex_stored, weak=False, dispatch_uid="compliance-ocr")
        reader_source.provide(services.ocr_reader_source)
        stored_files.derived_files(ocr.ocr_copies_release)
        stored_files.derived_files_swept(ocr.ocr_copies_unneeded)
        annex_facts.provide(readability.annex_admin_facts)

        for check in (closed_items.check_closed_items, guard.check_personal_data):
            checklist.register(checklist.AGENDA, checklist.MINUTES)(check)
