from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Møder")

    def ready(self):
        from meetings import frozen, signals

        frozen.connect()

        def on_annex_stored(sender, annex_id, **kwargs):
            # Sent after commit: the reader's copy is ready before anyone publishes.
            from meetings.publishing.dispatch import send_task
            from meetings.tasks import prepare_reader_copy

            send_task(prepare_reader_copy, annex_id)

        signals.annex_stored.connect(
            on_annex_stored, weak=False, dispatch_uid="meetings-reader-copy"
        )
