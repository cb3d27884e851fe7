from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Søgning")

    def ready(self):
        from meetings import signals
        from search import tasks
        from search.sources import register_sources

        register_sources()

        def on_annex_stored(sender, annex_id, **kwargs):
            tasks.dispatch(tasks.extract_annex_text, annex_id)

        def on_version_published(sender, version_id, **kwargs):
            tasks.dispatch(tasks.index_version, version_id)

        signals.annex_stored.connect(on_annex_stored, weak=False, dispatch_uid="search-annex")
        signals.version_published.connect(
            on_version_published, weak=False, dispatch_uid="search-version"
        )
