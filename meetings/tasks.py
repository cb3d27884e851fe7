from celery import shared_task
from django.db import DatabaseError, InterfaceError

from meetings import notifications, stored_files
from meetings.models import RenderJob
from meetings.publishing import jobs

TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError)


def _again_later(job_id: int) -> None:
    """A database or storage hiccup: put the job back and try again later, a few times."""
    RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.FAILED, attempts__lt=3).update(
        status=RenderJob.Status.QUEUED, progress="Prøver igen"
    )


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def render_version(self, job_id: int) -> None:
    """Render the PDFs of one version (thin: claim, ask the other workers for help, render)."""
    if not RenderJob.objects.filter(pk=job_id).exists():
        return
    try:
        jobs.render_job_run(job_id=job_id, worker=self.request.hostname or "", helpers=True)
    except jobs.JobNotClaimed:
        return
    except TRANSIENT as error:
        _again_later(job_id)
        raise self.retry(exc=error, countdown=10, max_retries=3) from error
    except Exception:
        # Not transient: the job is FAILED with its reason and waits for a retry from the admin.
        return


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def render_parts(self, job_id: int) -> None:
    """Take parts of a running render job until none is left (thin)."""
    try:
        jobs.render_job_help(job_id=job_id, worker=self.request.hostname or "")
    except TRANSIENT:
        _again_later(job_id)
        render_version.apply_async((job_id,), countdown=10)
    except Exception:
        return  # the job is FAILED with its reason


@shared_task(acks_late=True)
def prepare_reader_copy(annex_id: int) -> None:
    """A new upload's reader's copy, made before anyone publishes (thin)."""
    jobs.annex_reader_copy_prepare(annex_id=annex_id)


@shared_task(acks_late=True)
def derived_files_sweep() -> int:
    """Stored files made from files no remaining meeting needs leave storage (thin)."""
    return stored_files.derived_files_sweep()


@shared_task
def render_jobs_sweep() -> int:
    return jobs.render_jobs_sweep()


@shared_task(bind=True, max_retries=None)
def notify_subscribers(self, notification_id: int) -> None:
    """Send one version's e-mail (thin: the service claims, sends and records the outcome)."""
    try:
        notifications.notification_send(notification_id=notification_id)
    except notifications.TRANSIENT_MAIL_ERRORS as error:
        # The service counts the attempts and marks the last one failed; pauses grow to 10 min.
        raise self.retry(exc=error, countdown=min(600, 30 * 2**self.request.retries)) from error


@shared_task
def notifications_sweep() -> int:
    return notifications.notifications_sweep()
