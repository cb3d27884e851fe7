from celery import shared_task
from django.db import DatabaseError, InterfaceError

from meetings.models import RenderJob
from meetings.publishing import jobs

TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_version(job_id: int) -> None:
    """Render the PDFs of one version (thin: claim and run the service)."""
    if not RenderJob.objects.filter(pk=job_id).exists():
        return
    try:
        jobs.render_job_run(job_id=job_id)
    except jobs.JobNotClaimed:
        return
    except TRANSIENT as error:
        # A database or storage hiccup: put the job back and try again later, a few times.
        RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.FAILED, attempts__lt=3).update(
            status=RenderJob.Status.QUEUED, progress="Prøver igen"
        )
        raise render_version.retry(exc=error, countdown=10, max_retries=3) from error
    except Exception:
        # Not transient: the job is FAILED with its reason and waits for a retry from the admin.
        return


@shared_task
def render_jobs_sweep() -> int:
    return jobs.render_jobs_sweep()


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def notify_subscribers(version_id: int) -> int:
    from django.conf import settings

    from meetings.notifications import version_notify

    return version_notify(version_id=version_id, base_url=settings.PORTAL_BASE_URL)
