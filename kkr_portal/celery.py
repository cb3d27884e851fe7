import os

from celery import Celery
from celery.signals import worker_init, worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")

app = Celery("kkr_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="kkr_portal.derived_files_sweep", acks_late=True)
def derived_files_sweep() -> int:
    """Cache entries that no remaining meeting needs leave storage (meetings/stored_files.py)."""
    from meetings.stored_files import derived_files_sweep as sweep

    return sweep()


app.add_periodic_task(
    3600.0, app.signature("kkr_portal.derived_files_sweep"), name="derived-files-sweep"
)


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
