from celery import shared_task

from municipalities.services import followup_mail_send, pack_build


@shared_task
def followup_mail():
    """Celery beat, hourly, and just after a decision is sent to the councils: tell the
    municipalities of new decisions and remind them of near deadlines (each row once)."""
    return followup_mail_send()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def pack_build_task(pack_id: int):
    """Build one municipality's pack (a second delivery finds it claimed and does nothing)."""
    pack_build(pack_id=pack_id)
