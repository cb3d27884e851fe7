from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Søgning")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import pre_delete

        from meetings import signals
        from meetings.models import Meeting
        from search import compounds, services, tasks
        from search.models import Entry
        from search.sources import register_sources

        register_sources()

        def on_annex_stored(sender, annex_id, **kwargs):
            tasks.dispatch(tasks.extract_annex_text, annex_id)

        def on_version_published(sender, version_id, **kwargs):
            tasks.dispatch(tasks.index_version, version_id)

        def on_versions_changed(sender, meeting_id, **kwargs):
            # At once, not queued: a withdrawn or deleted version must not stay findable while
            # a broker is down.
            services.meeting_index(meeting_id=meeting_id)

        signals.annex_stored.connect(on_annex_stored, weak=False, dispatch_uid="search-annex")
        signals.version_published.connect(
            on_version_published, weak=False, dispatch_uid="search-version"
        )
        signals.versions_changed.connect(
            on_versions_changed, weak=False, dispatch_uid="search-versions-changed"
        )
        signals.files_released.connect(services.annex_texts_release, dispatch_uid="search-texts")

        def on_meeting_deleted(sender, instance, **kwargs):
            # Its entries go with it (a cascade), and then the words no other entry has.
            words = compounds.words_of(Entry.objects.filter(meeting=instance))
            transaction.on_commit(lambda: compounds.words_forget(words))

        pre_delete.connect(
            on_meeting_deleted, sender=Meeting, weak=False, dispatch_uid="search-meeting-words"
        )
