from celery import shared_task

from meetings.publishing.dispatch import send_task
from search import services


@shared_task(acks_late=True)
def extract_annex_text(annex_id: int) -> None:
    """Extract an uploaded annex's text, then refresh its meeting's search entries."""
    if services.annex_text_extract(annex_id=annex_id) is not None:
        services.annex_reindex(annex_id=annex_id)


@shared_task(acks_late=True)
def index_version(version_id: int) -> None:
    services.version_index(version_id=version_id)


@shared_task(acks_late=True)
def index_source(name: str) -> None:
    """Refresh one registered source, e.g. after a contract is approved or reverted."""
    services.source_index(name=name)


@shared_task
def index_contracts_and_budgets() -> None:
    """The periodic refresh of every registered source (the name is kept for the beat schedule)."""
    services.sources_index()


def dispatch(task, *args) -> None:
    """Send a task; with the broker down, the periodic rebuild catches up later."""
    send_task(task, *args)
