from celery import shared_task

from compliance import services


@shared_task(bind=True, acks_late=True, max_retries=120)
def annex_bundles_refresh(self, sha256: str) -> None:
    """Make the bundles holding a scan again with its searchable copy, once no render of them
    is running."""
    if not services.bundles_refresh(sha256=sha256):
        raise self.retry(countdown=30)


@shared_task(acks_late=True)
def annex_readability(annex_id: int) -> None:
    """OCR a scanned annex, then record the accessibility of the file readers get."""
    services.annex_readability(annex_id=annex_id)
