import logging

from celery import shared_task
from django.conf import settings

from meetings.models import Annex, PackageVersion
from meetings.publishing.dispatch import send_task
from search import agents, services

log = logging.getLogger(__name__)


def _tell(meeting_id: int | None) -> None:
    """The saved searches hear what the meeting now newly has for them. A mail server that is
    away leaves the findings untold: they are told the next time the meeting is indexed."""
    if meeting_id is None:
        return
    try:
        agents.agents_run(meeting_id=meeting_id, base_url=settings.PORTAL_BASE_URL)
    except OSError as error:  # refused connections, timeouts and smtplib's errors
        log.warning("Saved searches for meeting %s not told: %s", meeting_id, error)


@shared_task(acks_late=True)
def extract_annex_text(annex_id: int) -> None:
    """Extract an uploaded annex's text, then refresh its meeting's search entries."""
    if services.annex_text_extract(annex_id=annex_id) is not None:
        services.annex_reindex(annex_id=annex_id)
        meeting = Annex.objects.filter(pk=annex_id).values_list("item__section__meeting", flat=True)
        _tell(meeting.first())


@shared_task(acks_late=True)
def index_version(version_id: int) -> None:
    services.version_index(version_id=version_id)
    _tell(PackageVersion.objects.filter(pk=version_id).values_list("meeting", flat=True).first())


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
