"""Services that turn a frozen version into its PDFs: queueing, claiming and running render jobs."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from meetings import pdf
from meetings.models import PackageVersion, RenderJob, VersionDocument
from meetings.procedure import attendance_overview
from meetings.selectors import snapshot_for_audience
from meetings.templatetags.portal import change_text

log = logging.getLogger(__name__)

VARIANTS = (VersionDocument.Variant.MEMBERS, VersionDocument.Variant.PUBLIC)


class JobNotClaimed(Exception):
    """Another worker holds the job, or it is no longer queued."""


def read_annex(annex: dict) -> bytes:
    with default_storage.open(annex["file"], "rb") as handle:
        return handle.read()


def attendance_lines(meeting) -> dict:
    """Present members, absent members (Fraværende) and substitutes, as the minutes print them."""
    overview = attendance_overview(meeting)

    def label(person):
        return f"{person.name} ({person.party})" if person.party else person.name

    return {
        "present": [label(person) for person in overview["present"]],
        "absent": [label(person) for person in overview["absent"]],
        "substitutes": [
            f"{label(substitute)}, stedfortræder for {member.name}"
            for substitute, member in overview["substitutes"]
        ],
    }


def package_documents(
    snapshot: dict,
    *,
    version_number=None,
    changes=None,
    minutes=False,
    attendance=None,
    cache=None,
    progress=None,
):
    """Render every document of a package; yields (kind, variant, pdf bytes)."""
    change_lines = [change_text(change) for change in (changes or [])]
    for variant in VARIANTS:
        audience = snapshot_for_audience(
            snapshot,
            may_see_closed=variant == VersionDocument.Variant.MEMBERS,
            decisions_public=minutes,
        )
        yield (
            VersionDocument.Kind.AGENDA,
            variant,
            pdf.agenda_pdf(audience, variant=variant, version_number=version_number),
        )
        yield (
            VersionDocument.Kind.BUNDLE,
            variant,
            pdf.bundle_pdf(
                audience,
                variant=variant,
                open_annex=read_annex,
                version_number=version_number,
                changes=change_lines,
                cache=cache,
                progress=(lambda done, total, v=variant: progress(v, done, total))
                if progress
                else None,
            ),
        )
        if minutes:
            yield (
                VersionDocument.Kind.MINUTES,
                variant,
                pdf.agenda_pdf(
                    audience,
                    variant=variant,
                    version_number=version_number,
                    minutes=True,
                    attendance=attendance,
                ),
            )


def version_render_queue(*, version: PackageVersion) -> RenderJob:
    """Queue the rendering of a version; the task is sent once the transaction commits."""
    job = RenderJob.objects.create(version=version)
    transaction.on_commit(lambda: render_job_dispatch(job_id=job.pk))
    return job


def render_job_dispatch(*, job_id: int) -> bool:
    """Send the job to the broker. If the broker is down the job stays queued in the database
    and the periodic sweep sends it again; the secretariat's publish is never lost."""
    from meetings.tasks import render_version

    try:
        render_version.apply_async(args=[job_id], retry=False)
    except Exception as error:  # kombu raises transport-specific errors when the broker is down
        log.warning("Render job %s stays queued: broker unavailable (%s)", job_id, error)
        RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
            progress="Venter på baggrundsjob-køen"
        )
        return False
    return True


def render_job_claim(*, job_id: int) -> RenderJob:
    """Conditional claim: exactly one worker moves a queued job to running."""
    now = timezone.now()
    claimed = RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
        status=RenderJob.Status.RUNNING, started=now, heartbeat=now, error=""
    )
    if claimed != 1:
        raise JobNotClaimed(job_id)
    RenderJob.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
    return RenderJob.objects.select_related("version__meeting").get(pk=job_id)


def _progress(job_id: int, text: str) -> None:
    RenderJob.objects.filter(pk=job_id).update(progress=text, heartbeat=timezone.now())


def render_job_run(*, job_id: int) -> None:
    """Render all documents of the job's version. Files are written under names tied to the
    version; a document becomes visible (its row) only once its file is complete."""
    job = render_job_claim(job_id=job_id)
    version = job.version
    meeting = version.meeting
    try:
        existing = set(version.documents.values_list("kind", "variant"))
        attendance = attendance_lines(meeting) if version.includes_decisions else None
        documents = package_documents(
            version.snapshot,
            version_number=version.number,
            changes=version.changes,
            minutes=version.includes_decisions,
            attendance=attendance,
            cache=pdf.StorageCache(),
            progress=lambda variant, done, total: _progress(
                job_id, f"Bilagssamling ({variant}): bilag {done} af {total}"
            ),
        )
        for kind, variant, data in documents:
            if (kind, variant) in existing:
                continue
            _progress(job_id, f"Gemmer {kind}-{variant}.pdf")
            document_store(version=version, kind=kind, variant=variant, data=data)
    except Exception as error:
        RenderJob.objects.filter(pk=job_id).update(
            status=RenderJob.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished=timezone.now(),
            progress="Fejlet",
        )
        raise
    RenderJob.objects.filter(pk=job_id).update(
        status=RenderJob.Status.DONE, progress="Færdig", finished=timezone.now()
    )


def document_store(*, version: PackageVersion, kind: str, variant: str, data: bytes):
    """Write one finished PDF and then, only then, make it visible."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"packages/{version.meeting.uid}/v{version.number}/{kind}-{variant}-{digest[:12]}.pdf"
    # Always a fresh write: a file left half-written by a dead worker under this name is never
    # reused; the storage picks a free name and the row points only at a complete file.
    name = default_storage.save(name, ContentFile(data))
    document, _ = VersionDocument.objects.get_or_create(
        version=version,
        kind=kind,
        variant=variant,
        defaults={
            "file": name,
            "size": len(data),
            "sha256": digest,
            "page_count": pdf.page_count(data),
        },
    )
    return document


def render_job_retry(*, job: RenderJob) -> RenderJob:
    """Queue a failed job again (from the admin)."""
    RenderJob.objects.filter(pk=job.pk, status=RenderJob.Status.FAILED).update(
        status=RenderJob.Status.QUEUED, progress="I kø igen", error=""
    )
    transaction.on_commit(lambda: render_job_dispatch(job_id=job.pk))
    job.refresh_from_db()
    return job


def render_jobs_sweep(*, stale_after_seconds: int | None = None) -> int:
    """Send queued jobs again (the broker may have been down) and give jobs whose worker died
    mid-render back to the queue. Returns how many jobs were sent."""
    from django.conf import settings

    if stale_after_seconds is None:
        stale_after_seconds = settings.RENDER_STALE_SECONDS
    cutoff = timezone.now() - timezone.timedelta(seconds=stale_after_seconds)
    RenderJob.objects.filter(status=RenderJob.Status.RUNNING, heartbeat__lt=cutoff).update(
        status=RenderJob.Status.QUEUED, progress="Genoptaget efter afbrudt worker"
    )
    sent = 0
    for job_id in RenderJob.objects.filter(status=RenderJob.Status.QUEUED).values_list(
        "pk", flat=True
    ):
        sent += render_job_dispatch(job_id=job_id)
    return sent
