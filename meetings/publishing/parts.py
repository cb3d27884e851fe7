"""The documents of a render job as parts that workers claim one at a time. The worker that
claims the job asks the others for help; every worker then takes the next part nobody holds
(a conditional update that returns 1), so with one worker the parts render in turn and with
several the variants render side by side. Whoever ends the last part ends the job."""

import tempfile

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import visibility
from meetings.models import RenderJob, RenderPart
from meetings.package import PackageError
from meetings.publishing import documents
from meetings.publishing.bundle import AnnexUnusable
from meetings.publishing.cache import StorageCache

UNFINISHED = (RenderPart.Status.QUEUED, RenderPart.Status.RUNNING)


def parts_plan(*, job: RenderJob) -> int:
    """Make the job's parts (once) and give every unfinished one back to the queue, as the job
    has just been claimed again; returns how many parts are to be rendered. A stored version
    that is not a whole package fails the job here, naming what is missing."""
    version = job.version
    try:
        places = documents.annex_places(visibility.frozen_package(version))
    except PackageError as error:
        job_failed(job.pk, _reason(error))
        raise
    for position, (kind, variant) in enumerate(
        documents.document_kinds(minutes=version.includes_decisions)
    ):
        RenderPart.objects.get_or_create(
            job=job,
            kind=kind,
            variant=variant,
            defaults={
                "position": position,
                "total": places if kind == documents.Kind.BUNDLE else 1,
            },
        )
    RenderPart.objects.filter(job=job).exclude(status=RenderPart.Status.DONE).update(
        status=RenderPart.Status.QUEUED, worker="", error="", done=0, started=None, finished=None
    )
    _job_numbers(job.pk)
    return RenderPart.objects.filter(job=job, status=RenderPart.Status.QUEUED).count()


def part_claim(*, job_id: int, worker: str) -> RenderPart | None:
    """Take the first part nobody holds, of a job that is running and alive; None when none is
    left. A job whose last sign of life is stale may have lost a worker holding a part: it is
    left to the sweep, which gives the whole job back to the queue (and its parts with it)."""
    now = timezone.now()
    alive = now - timezone.timedelta(seconds=settings.RENDER_STALE_SECONDS)
    candidates = RenderPart.objects.filter(job_id=job_id, status=RenderPart.Status.QUEUED)
    for pk in candidates.order_by("position").values_list("pk", flat=True):
        claimed = RenderPart.objects.filter(
            pk=pk,
            status=RenderPart.Status.QUEUED,
            job__status=RenderJob.Status.RUNNING,
            job__heartbeat__gte=alive,
        ).update(status=RenderPart.Status.RUNNING, worker=worker[:200], started=now)
        if claimed == 1:
            return RenderPart.objects.select_related("job__version__meeting").get(pk=pk)
    return None


def parts_work(*, job_id: int, worker: str) -> int:
    """Render parts of the job until none is left, then end the job if this was the last one;
    returns how many parts this worker rendered."""
    rendered = 0
    while (part := part_claim(job_id=job_id, worker=worker)) is not None:
        part_run(part=part)
        rendered += 1
    job_finish(job_id=job_id)
    return rendered


def part_run(*, part: RenderPart) -> None:
    """Render and store one document. An annex that cannot be used fails this part only (the
    job names it at the end); any other error fails the job at once and is raised."""
    version = part.job.version
    job_id = part.job_id
    if not version.documents.filter(kind=part.kind, variant=part.variant).exists():
        label = f"{documents.Kind(part.kind).label} ({part.variant})"

        def progress(done, total):
            RenderPart.objects.filter(pk=part.pk).update(done=done, total=total)
            _job_numbers(job_id, text=label)

        try:
            with tempfile.TemporaryDirectory(prefix="kkr-render-") as folder:
                path = documents.document_render(
                    visibility.frozen_package(version),
                    kind=part.kind,
                    variant=part.variant,
                    folder=folder,
                    version_number=version.number,
                    changes=version.changes,
                    minutes=version.includes_decisions,
                    attendance=documents.attendance_lines(version.meeting)
                    if version.includes_decisions
                    else None,
                    cache=StorageCache(),
                    progress=progress,
                )
                _job_numbers(job_id, text=f"Gemmer {part.kind}-{part.variant}.pdf")
                documents.document_store(
                    version=version, kind=part.kind, variant=part.variant, path=path
                )
        except AnnexUnusable as error:
            _part_ended(part, RenderPart.Status.FAILED, error=str(error))
            return
        except Exception as error:
            reason = _reason(error)
            _part_ended(part, RenderPart.Status.FAILED, error=reason)
            job_failed(job_id, reason)
            raise
    _part_ended(part, RenderPart.Status.DONE)


def _part_ended(part: RenderPart, status: str, *, error: str = "") -> None:
    numbers = {"done": part.total} if status == RenderPart.Status.DONE else {}
    RenderPart.objects.filter(pk=part.pk).update(
        status=status, error=error, finished=timezone.now(), **numbers
    )
    _job_numbers(part.job_id)


def _job_numbers(job_id: int, text: str | None = None) -> None:
    """The job's bar: the parts' numbers added up; every report is also a sign of life."""
    sums = RenderPart.objects.filter(job_id=job_id).aggregate(done=Sum("done"), total=Sum("total"))
    fields = {"done": sums["done"] or 0, "total": sums["total"] or 0, "heartbeat": timezone.now()}
    if text is not None:
        fields["progress"] = text
    RenderJob.objects.filter(pk=job_id).update(**fields)


def job_finish(*, job_id: int) -> bool:
    """End a running job whose parts are all ended: done, or failed with every reason given.

    Each worker marks its part ended before it looks, so of two workers ending their last parts
    at the same moment at least one sees both ended; the conditional update lets only one win."""
    ended = list(RenderPart.objects.filter(job_id=job_id).values_list("status", "error"))
    if not ended or any(status in UNFINISHED for status, _error in ended):
        return False
    failures = [error for status, error in ended if status == RenderPart.Status.FAILED]
    if failures:
        outcome = {
            "status": RenderJob.Status.FAILED,
            "error": failure_text(failures),
            "progress": _("Fejlet"),
        }
    else:
        outcome = {"status": RenderJob.Status.DONE, "progress": _("Færdig")}
    return (
        RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.RUNNING).update(
            finished=timezone.now(), **outcome
        )
        == 1
    )


def failure_text(failures: list[str]) -> str:
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


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def job_failed(job_id: int, error: str) -> None:
    RenderJob.objects.filter(pk=job_id).update(
        status=RenderJob.Status.FAILED, error=error, finished=timezone.now(), progress=_("Fejlet")
    )
