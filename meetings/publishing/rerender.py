"""Bundles made again when the file readers get of an annex changes (OCR of a scan finished
after the version was published), through the ordinary render job."""

from django.db import transaction

from meetings import visibility
from meetings.models import PackageVersion, RenderJob, VersionDocument
from meetings.publishing.jobs import version_render_queue


def versions_with_annex_file(sha256: str):
    """Readable versions whose package holds an annex with this upload (any item, any variant)."""
    holds = {"sections": [{"items": [{"annexes": [{"sha256": sha256}]}]}]}
    return visibility.readable_versions().filter(snapshot__contains=holds)


@transaction.atomic
def annex_bundles_rerender(*, sha256: str) -> list[RenderJob] | None:
    """Queue a render of every readable version whose bundles hold this upload. The old bundles
    are unlisted first (their files stay, so a download in progress finishes) and the job makes
    them anew from the new reader's copy; agenda and minutes are kept as they are.

    None, and nothing changed, while a render of one of these versions is running: it may be
    joining the old file into a bundle it has yet to store. Ask again when it has ended."""
    jobs = []
    versions = PackageVersion.objects.filter(pk__in=versions_with_annex_file(sha256).values("pk"))
    versions = list(versions.select_for_update().order_by("pk"))
    if RenderJob.objects.filter(version__in=versions, status=RenderJob.Status.RUNNING).exists():
        return None
    for version in versions:
        VersionDocument.objects.filter(version=version, kind=VersionDocument.Kind.BUNDLE).delete()
        if RenderJob.objects.filter(version=version, status=RenderJob.Status.QUEUED).exists():
            continue  # a job still in the queue reads the new file anyway
        jobs.append(version_render_queue(version=version))
    return jobs
