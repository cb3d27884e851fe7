from celery import shared_task

from compliance import services


@shared_task(acks_late=True)
def ocr_annex(annex_id: int) -> None:
    """Read a scanned annex with OCR, after its text has been looked for."""
    services.annex_ocr(annex_id=annex_id)
