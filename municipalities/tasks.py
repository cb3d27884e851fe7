from celery import shared_task

from municipalities.services import pack_build, reminders_send


@shared_task
def followup_reminders():
    """Celery beat, hourly: remind municipalities of deadlines (each row once)."""
    return reminders_send()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def pack_build_task(pack_id: int):
    """Build one municipality's pack (a second delivery finds it claimed and does nothing)."""
    pack_build(pack_id=pack_id)
