from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = _("Private noter")

    def ready(self):
        from meetings import signals
        from notes import tasks

        def on_version_published(sender, version_id, **kwargs):
            tasks.dispatch(tasks.reanchor_version, version_id)

        signals.version_published.connect(
            on_version_published, weak=False, dispatch_uid="notes-reanchor"
        )
