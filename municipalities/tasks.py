from celery import shared_task

from municipalities.services import reminders_send


@shared_task
def followup_reminders():
    """Celery beat, hourly: remind municipalities of deadlines (each row once)."""
    return reminders_send()
