"""Sending Celery tasks from the web process: after the transaction commits, and never failing
the secretariat's action when the broker is down (the periodic sweeps catch up)."""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def send_task(task, *args) -> bool:
    """Send a task now; False (and a log line) if the broker cannot be reached."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # kombu raises transport-specific errors when the broker is down
        log.warning("Task %s%r not sent: broker unavailable (%s)", task.name, args, error)
        return False
    return True


def task_send_on_commit(task, *args) -> None:
    """Send a task once the current transaction commits, tolerating a broker that is down."""
    transaction.on_commit(lambda: send_task(task, *args))
