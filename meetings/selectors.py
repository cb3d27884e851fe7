"""Reads shaped for the reader pages and downloads; visibility is applied here, once."""

import copy
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Max
from django.http import Http404
from django.utils.translation import get_language

from meetings.models import Meeting, PackageVersion, RenderJob, VersionDocument
from meetings.rules import can_view_closed, is_secretariat
from meetings.services import iter_items, meeting_snapshot


@dataclass
class ReaderPackage:
    meeting: Meeting
    version: PackageVersion | None  # None: the secretariat's preview of an unpublished draft
    versions: list[PackageVersion]
    may_see_closed: bool

    @property
    def is_latest(self):
        return self.version is None or self.version.number == self.versions[0].number

    @cached_property
    def snapshot(self) -> dict:
        """The package as this reader may read it; loaded only when a page or download needs it."""
        if self.version is None:
            raw, decisions_public = meeting_snapshot(meeting=self.meeting), True
        else:
            raw = PackageVersion.objects.values_list("snapshot", flat=True).get(pk=self.version.pk)
            decisions_public = self.version.includes_decisions
        return snapshot_for_audience(
            raw, may_see_closed=self.may_see_closed, decisions_public=decisions_public
        )

    @property
    def cache_key(self) -> str | None:
        """A published version never changes, so its page for one audience can be kept."""
        if self.version is None:
            return None
        audience = "members" if self.may_see_closed else "public"
        latest = "latest" if self.is_latest else "old"
        return f"{self.version.pk}:{audience}:{latest}:{get_language()}"


def meeting_list(*, user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("body")
        .annotate(latest_version=Max("versions__number"))
        .order_by("-start")
    )


def snapshot_for_audience(snapshot: dict, *, may_see_closed: bool, decisions_public: bool) -> dict:
    """The snapshot as one audience may read it (members or public): the single filter used by
    pages, downloads and the PDFs."""
    visible = copy.deepcopy(snapshot)
    for item in iter_items(visible):
        if not decisions_public:
            item["texts"]["decision"] = ""
        if item["closed"] and not may_see_closed:
            item["texts"] = {}
            item["case_number"] = ""
            item["initials"] = ""
        for annex in item["annexes"]:
            annex["visible"] = may_see_closed or not annex["closed"]
            if not annex["visible"]:
                for key in ("title", "file", "original_name", "sha256"):
                    annex[key] = ""
    return visible


def reader_package(*, meeting_id: int, user, version_number: int | None = None) -> ReaderPackage:
    """The package this user reads: the newest version (or the asked-for one), filtered for them."""
    try:
        meeting = Meeting.objects.visible_to(user).select_related("body").get(pk=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    versions = list(
        PackageVersion.objects.filter(meeting=meeting)
        .only("id", "number", "published_at", "includes_decisions", "changes", "meeting_id")
        .order_by("-number")
    )
    if not versions:
        if not is_secretariat(user) or version_number is not None:
            raise Http404
        return ReaderPackage(meeting=meeting, version=None, versions=[], may_see_closed=True)
    wanted = versions[0] if version_number is None else None
    if wanted is None:
        wanted = next((v for v in versions if v.number == version_number), None)
        if wanted is None:
            raise Http404
    return ReaderPackage(
        meeting=meeting, version=wanted, versions=versions, may_see_closed=can_view_closed(user)
    )


def version_document(package: ReaderPackage, *, kind: str, variant: str) -> VersionDocument:
    """A finished PDF of the package's version; the caller has checked the variant's rule."""
    if package.version is None:
        raise Http404
    try:
        return VersionDocument.objects.get(version=package.version, kind=kind, variant=variant)
    except VersionDocument.DoesNotExist as error:
        raise Http404 from error


def documents_for(package: ReaderPackage, *, user) -> list[VersionDocument]:
    """The finished PDFs of the package's version that this user may fetch."""
    if package.version is None:
        return []
    allowed = {VersionDocument.Variant.PUBLIC}
    if can_view_closed(user):
        allowed.add(VersionDocument.Variant.MEMBERS)
    return [
        document
        for document in VersionDocument.objects.filter(version=package.version)
        if document.variant in allowed
    ]


def latest_job(package: ReaderPackage):
    if package.version is None:
        return None
    return RenderJob.objects.filter(version=package.version).order_by("-created").first()


def find_annex(package: ReaderPackage, annex_uid: str):
    for item in iter_items(package.snapshot):
        for annex in item["annexes"]:
            if annex["uid"] == annex_uid:
                return item, annex
    raise Http404


def render_status(*, meeting: Meeting) -> dict:
    """The secretariat's live view of each version's render job and finished documents."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    versions = []
    for version in meeting.versions.order_by("-number").prefetch_related("jobs", "documents")[:5]:
        jobs = sorted(version.jobs.all(), key=lambda j: j.created, reverse=True)
        job = jobs[0] if jobs else None
        done, total = 0, 0
        if job and " af " in job.progress:
            left, _sep, right = job.progress.rpartition(" af ")
            try:
                done, total = int(left.rsplit(" ", 1)[-1]), int(right)
            except ValueError:
                done, total = 0, 0
        versions.append(
            {
                "number": version.number,
                "label": _("Version %(n)s") % {"n": version.number},
                "status": job.status if job else "",
                "status_label": job.get_status_display() if job else "",
                "progress": job.progress if job else "",
                "error": job.error if job else "",
                "done": done,
                "total": total,
                "documents": [
                    {
                        "label": f"{document.get_kind_display()} ({document.variant})",
                        "url": reverse(
                            "meetings:document_version_download",
                            args=[meeting.pk, version.number, document.slug],
                        ),
                    }
                    for document in version.documents.all()
                ],
            }
        )
    return {"versions": versions, "labels": {"none": _("Ikke offentliggjort endnu.")}}


def procedure_panel(meeting: Meeting, *, user) -> dict | None:
    """Deadlines and quorum for the secretariat; proposal and apology actions for members."""
    from django.utils import timezone

    from meetings import procedure
    from meetings.rules import is_council_member

    if not (is_secretariat(user) or is_council_member(user)):
        return None
    today = timezone.localdate()
    panel = {
        "proposal_deadline": procedure.proposal_deadline(meeting),
        "agenda_deadline": procedure.agenda_deadline(meeting),
        "upcoming": timezone.now() < meeting.start,
        "may_propose": meeting.kind == Meeting.Kind.ORDINARY
        and today <= procedure.proposal_deadline(meeting),
        "is_member": is_council_member(user),
    }
    if is_secretariat(user):
        overview = procedure.attendance_overview(meeting)
        panel["quorum"] = overview["quorum"]
        panel["proposals"] = list(meeting.proposals.select_related("proposer"))
    return panel
