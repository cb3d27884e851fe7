from celery import shared_task

from compliance import services


@shared_task(acks_late=True)
def annex_readability(annex_id: int) -> None:
    """OCR a scanned annex, then record the accessibility of the file readers get."""
    services.annex_readability(annex_id=annex_id)
