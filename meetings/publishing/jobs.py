"""Turning a frozen version into its PDFs: queueing, claiming and running render jobs. The job's
documents are parts (see `parts`) that one or several workers render; each finished document is
stored and only then visible. A job that meets an annex it cannot use still stores every other
document (agenda, minutes) and says in Danish which annex failed, why, and what to do."""

import logging
import socket

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Annex, PackageVersion, RenderJob, RenderPart
from meetings.publishing import parts
from meetings.publishing.bundle import AnnexUnusable, reader_copy_ensure
from meetings.publishing.cache import StorageCache
from meetings.publishing.dispatch import send_task

# Older import paths of the document functions, which live in `documents`.
from meetings.publishing.documents import (  # noqa: F401
    VARIANTS,
    attendance_lines,
    document_store,
    package_documents,
    package_files,
)
from meetings.publishing.reader_source import reader_source

RENDER_TASK = "meetings.tasks.render_version"
HELP_TASK = "meetings.tasks.render_parts"
log = logging.getLogger(__name__)


class JobNotClaimed(Exception):
    """Another worker holds the job, or it is no longer queued."""


def annex_reader_copy_prepare(*, annex_id: int) -> None:
    """Make a new upload's reader's copy ahead of publishing, so that rendering only joins."""
    annex = Annex.objects.filter(pk=annex_id).first()
    if annex is None:
        return
    try:
        source = reader_source(annex.file.name, annex.sha256)
        reader_copy_ensure(source, StorageCache(), label=annex.title)
    except AnnexUnusable as error:
        log.warning("Annex %s has no reader's copy yet: %s", annex_id, error)  # the job will say


def version_render_queue(*, version: PackageVersion) -> RenderJob:
    """Queue the rendering of a version; the task is sent once the transaction commits."""
    job = RenderJob.objects.create(version=version)
    transaction.on_commit(lambda: render_job_dispatch(job_id=job.pk))
    return job


def render_job_dispatch(*, job_id: int) -> bool:
    """Send the job to the broker. If the broker is down the job stays queued in the database
    and the periodic sweep sends it again; the secretariat's publish is never lost."""
    # By name: the task module imports this one, and a job needs only the broker's address.
    if send_task(current_app.signature(RENDER_TASK), job_id):
        return True
    RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
        progress=_("Venter på baggrundsjob-køen")
    )
    return False


def render_job_claim(*, job_id: int) -> RenderJob:
    """Conditional claim: exactly one worker moves a queued job to running; the job's parts
    that are not finished go back to the queue (their worker may have died)."""
    now = timezone.now()
    claimed = RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
        status=RenderJob.Status.RUNNING, started=now, heartbeat=now, error=""
    )
    if claimed != 1:
        raise JobNotClaimed(job_id)
    RenderJob.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
    job = RenderJob.objects.select_related("version__meeting").get(pk=job_id)
    parts.parts_plan(job=job)
    return job


def render_job_run(*, job_id: int, worker: str = "", helpers: bool = False) -> None:
    """Render all documents of the job's version. With helpers, the other workers are asked to
    take parts too (one request per part beyond the first); this worker renders what is left.
    Files are written under names tied to the version; a document becomes visible (its row)
    only once its file is complete."""
    job = render_job_claim(job_id=job_id)
    if helpers:
        waiting = job.parts.filter(status=RenderPart.Status.QUEUED).count()
        for _extra in range(waiting - 1):
            send_task(current_app.signature(HELP_TASK), job_id)
    parts.parts_work(job_id=job_id, worker=worker or socket.gethostname())


def render_job_help(*, job_id: int, worker: str = "") -> int:
    """Take parts of a running job until none is left (a helper's share); returns how many."""
    return parts.parts_work(job_id=job_id, worker=worker or socket.gethostname())


def render_job_retry(*, job: RenderJob) -> RenderJob:
    """Queue a failed job again (from the admin)."""
    RenderJob.objects.filter(pk=job.pk, status=RenderJob.Status.FAILED).update(
        status=RenderJob.Status.QUEUED, progress=_("I kø igen"), error=""
    )
    transaction.on_commit(lambda: render_job_dispatch(job_id=job.pk))
    job.refresh_from_db()
    return job


def render_jobs_sweep(*, stale_after_seconds: int | None = None) -> int:
    """Send queued jobs again (the broker may have been down) and give jobs whose worker died
    mid-render back to the queue. Returns how many jobs were sent."""
    if stale_after_seconds is None:
        stale_after_seconds = settings.RENDER_STALE_SECONDS
    cutoff = timezone.now() - timezone.timedelta(seconds=stale_after_seconds)
    RenderJob.objects.filter(status=RenderJob.Status.RUNNING, heartbeat__lt=cutoff).update(
        status=RenderJob.Status.QUEUED, progress=_("Genoptaget efter afbrudt worker")
    )
    sent = 0
    for job_id in RenderJob.objects.filter(status=RenderJob.Status.QUEUED).values_list(
        "pk", flat=True
    ):
        sent += render_job_dispatch(job_id=job_id)
    return sent
