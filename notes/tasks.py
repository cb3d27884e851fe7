import logging

from celery import shared_task

from meetings import visibility
from notes import services

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def reanchor_version(version_id: int) -> None:
    """Move the meeting's notes to their places in a newly published version (thin)."""
    version = visibility.readable_versions().filter(pk=version_id).first()
    if version is None:
        return
    services.notes_reanchor(version=version)


def dispatch(task, *args) -> None:
    """Send after publishing; with the broker down the notes keep their old anchors until the
    next version, and the reader still finds them by their quote."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # kombu raises transport-specific errors when the broker is down
        log.warning("Notes task %s not sent: %s", task.name, error)
