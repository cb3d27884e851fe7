import os

from celery import Celery
from celery.signals import worker_init, worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")

app = Celery("kkr_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
@worker_init.connect
def _lower_priority(**kwargs):
    """Rendering yields the CPU to the web processes when they share a machine."""
    from django.conf import settings

    niceness = settings.WORKER_NICENESS
    if niceness and os.nice(0) < niceness:
        os.nice(niceness - os.nice(0))


@worker_ready.connect
def _sweep_on_start(sender, **kwargs):
    """A worker that starts picks up render jobs that waited while no worker or broker ran."""
    sender.app.send_task("meetings.tasks.render_jobs_sweep")
