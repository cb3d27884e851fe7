from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Persondata og tilgængelighed")

    def ready(self):
        from compliance import closed_items, guard, ocr, readability, selectors, services, tasks
        from meetings import checklist, signals
        from search.tasks import dispatch

        def on_annex_stored(sender, annex_id, **kwargs):
            dispatch(tasks.annex_readability, annex_id)

        signals.annex_stored.connect(on_annex_stored, weak=False, dispatch_uid="compliance-ocr")
        for signal, receiver in (
            (signals.reader_source_wanted, services.ocr_reader_sources),
            (signals.files_released, ocr.ocr_copies_release),
            (signals.files_swept, ocr.ocr_copies_unneeded),
            (signals.annex_facts_wanted, readability.annex_admin_facts),
            (signals.secretariat_work_wanted, selectors.secretariat_work),
        ):
            signal.connect(receiver, dispatch_uid=f"compliance-{receiver.__name__}")

        for check in (
            closed_items.check_closed_items,
            guard.check_personal_data,
            guard.check_hidden_layers,
        ):
            checklist.register(checklist.AGENDA, checklist.MINUTES)(check)
