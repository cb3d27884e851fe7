"""Turning a frozen version into its PDFs: queueing, claiming and running render jobs, storing
each finished document. A job that meets an annex it cannot use still stores every other document
(agenda, minutes) and says in Danish which annex failed, why, and what to do."""

import hashlib
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

from celery import current_app
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import PackageVersion, RenderJob, VersionDocument
from meetings.procedure import attendance_overview
from meetings.publishing import layout
from meetings.publishing.bundle import AnnexUnusable, bundle_pdf, page_count
from meetings.publishing.cache import StorageCache, TempCache
from meetings.publishing.dispatch import send_task
from meetings.templatetags.portal import change_text
from meetings.visibility import snapshot_for_audience

RENDER_TASK = "meetings.tasks.render_version"
log = logging.getLogger(__name__)

VARIANTS = (VersionDocument.Variant.MEMBERS, VersionDocument.Variant.PUBLIC)


class JobNotClaimed(Exception):
    """Another worker holds the job, or it is no longer queued."""


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


def package_files(
    snapshot: dict,
    *,
    folder: str,
    version_number=None,
    changes=None,
    minutes=False,
    attendance=None,
    cache=None,
    progress=None,
    failures: list | None = None,
) -> Iterator[tuple[str, str, Path]]:
    """Render every document of a package into folder; yields (kind, variant, path).

    A bundle that cannot be made because of one annex is left out and its reason appended to
    failures (if given; otherwise it is raised)."""
    cache = cache or TempCache(folder)
    change_lines = [change_text(change) for change in (changes or [])]
    for variant in VARIANTS:
        audience = snapshot_for_audience(
            snapshot,
            may_see_closed=variant == VersionDocument.Variant.MEMBERS,
            decisions_public=minutes,
        )
        # The agenda stays the agenda: decisions appear only in the minutes (Referat).
        agenda = snapshot_for_audience(
            snapshot,
            may_see_closed=variant == VersionDocument.Variant.MEMBERS,
            decisions_public=False,
        )
        path = Path(folder) / f"dagsorden-{variant}.pdf"
        path.write_bytes(layout.agenda_pdf(agenda, variant=variant, version_number=version_number))
        yield VersionDocument.Kind.AGENDA, variant, path
        path = Path(folder) / f"bilag-{variant}.pdf"
        try:
            bundle_pdf(
                audience,
                variant=variant,
                out_path=str(path),
                version_number=version_number,
                changes=change_lines,
                cache=cache,
                progress=(lambda done, total, v=variant: progress(v, done, total))
                if progress
                else None,
            )
        except AnnexUnusable as error:
            if failures is None:
                raise
            failures.append(str(error))
        else:
            yield VersionDocument.Kind.BUNDLE, variant, path
        if minutes:
            path = Path(folder) / f"referat-{variant}.pdf"
            path.write_bytes(
                layout.agenda_pdf(
                    audience,
                    variant=variant,
                    version_number=version_number,
                    minutes=True,
                    attendance=attendance,
                )
            )
            yield VersionDocument.Kind.MINUTES, variant, path


def package_documents(snapshot: dict, **options):
    """Render every document of a package; yields (kind, variant, pdf bytes)."""
    with tempfile.TemporaryDirectory(prefix="kkr-render-") as folder:
        for kind, variant, path in package_files(snapshot, folder=folder, **options):
            yield kind, variant, path.read_bytes()


def annex_reader_copy_prepare(*, annex_id: int) -> None:
    """Make a new upload's reader's copy ahead of publishing, so that rendering only joins."""
    from meetings.models import Annex
    from meetings.publishing.bundle import reader_copy_ensure

    annex = Annex.objects.filter(pk=annex_id).first()
    if annex is None:
        return
    try:
        reader_copy_ensure(
            {"file": annex.file.name, "sha256": annex.sha256, "title": annex.title}, StorageCache()
        )
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
    """Conditional claim: exactly one worker moves a queued job to running."""
    now = timezone.now()
    claimed = RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
        status=RenderJob.Status.RUNNING, started=now, heartbeat=now, error=""
    )
    if claimed != 1:
        raise JobNotClaimed(job_id)
    RenderJob.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
    return RenderJob.objects.select_related("version__meeting").get(pk=job_id)


def _progress(job_id: int, text: str, done: int | None = None, total: int | None = None) -> None:
    numbers = {"done": done, "total": total} if total is not None else {}
    RenderJob.objects.filter(pk=job_id).update(progress=text, heartbeat=timezone.now(), **numbers)


def render_job_run(*, job_id: int) -> None:
    """Render all documents of the job's version. Files are written under names tied to the
    version; a document becomes visible (its row) only once its file is complete."""
    job = render_job_claim(job_id=job_id)
    version = job.version
    failures: list[str] = []
    try:
        existing = set(version.documents.values_list("kind", "variant"))
        with tempfile.TemporaryDirectory(prefix="kkr-render-") as folder:
            documents = package_files(
                version.snapshot,
                folder=folder,
                version_number=version.number,
                changes=version.changes,
                minutes=version.includes_decisions,
                attendance=attendance_lines(version.meeting)
                if version.includes_decisions
                else None,
                cache=StorageCache(),
                failures=failures,
                progress=lambda variant, done, total: _progress(
                    job_id, _("Bilagssamling (%(variant)s)") % {"variant": variant}, done, total
                ),
            )
            for kind, variant, path in documents:
                if (kind, variant) in existing:
                    continue
                _progress(job_id, f"Gemmer {kind}-{variant}.pdf")
                document_store(version=version, kind=kind, variant=variant, path=path)
    except Exception as error:
        _job_failed(job_id, f"{type(error).__name__}: {error}")
        raise
    if failures:
        _job_failed(job_id, _failure_text(failures))
        return
    RenderJob.objects.filter(pk=job_id).update(
        status=RenderJob.Status.DONE, progress=_("Færdig"), finished=timezone.now()
    )


def _failure_text(failures: list[str]) -> str:
    unique = list(dict.fromkeys(failures))
    return " ".join(
        [
            _("Bilagssamlingen kunne ikke laves."),
            *unique,
            _(
                "Dagsorden og referat er lavet. Erstat bilaget med en ny PDF-fil, offentliggør "
                "igen eller prøv jobbet igen."
            ),
        ]
    )


def _job_failed(job_id: int, error: str) -> None:
    RenderJob.objects.filter(pk=job_id).update(
        status=RenderJob.Status.FAILED, error=error, finished=timezone.now(), progress=_("Fejlet")
    )


def document_store(
    *, version: PackageVersion, kind: str, variant: str, data: bytes | None = None, path=None
):
    """Write one finished PDF (bytes, or a file streamed from path) and then, only then, make it
    visible."""
    if path is None:
        folder = tempfile.TemporaryDirectory(prefix="kkr-store-")
        path = Path(folder.name) / "document.pdf"
        path.write_bytes(data)
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
        handle.seek(0)
        name = f"packages/{version.meeting.uid}/v{version.number}/{kind}-{variant}-{digest.hexdigest()[:12]}.pdf"
        # Always a fresh write: a file left half-written by a dead worker under this name is
        # never reused; the storage picks a free name and the row points only at a complete file.
        name = default_storage.save(name, File(handle))
    document, _created = VersionDocument.objects.get_or_create(
        version=version,
        kind=kind,
        variant=variant,
        defaults={
            "file": name,
            "size": size,
            "sha256": digest.hexdigest(),
            "page_count": page_count(str(path)),
        },
    )
    return document


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
    from django.conf import settings

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
