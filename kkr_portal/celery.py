import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")

app = Celery("kkr_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _sweep_on_start(sender, **kwargs):
    """A worker that starts picks up render jobs that waited while no worker or broker ran."""
    sender.app.send_task("meetings.tasks.render_jobs_sweep")
