"""Reads shaped for the reader pages and downloads; what a user may see comes from
meetings/visibility.py."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models.fields.json import KeyTransform
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import procedure, visibility
from meetings.models import Meeting, PackageVersion, RenderJob, VersionDocument
from meetings.package import Annex, Item, MeetingFacts, Package
from meetings.rules import is_council_member, is_secretariat
from meetings.snapshot import meeting_facts, meeting_snapshot


@dataclass
class ReaderPackage:
    meeting: Meeting
    version: PackageVersion | None  # None: the secretariat's preview of an unpublished draft
    versions: list[PackageVersion]
    audience: visibility.Audience

    @property
    def may_see_closed(self) -> bool:
        return self.audience.sees_closed

    @cached_property
    def readable(self) -> list[PackageVersion]:
        """The versions not withdrawn, newest first."""
        return [v for v in self.versions if not visibility.is_withdrawn(v)]

    @property
    def is_latest(self):
        if self.version is None:
            return True
        return bool(self.readable) and self.version.number == self.readable[0].number

    @property
    def withdrawn(self) -> bool:
        return self.version is not None and visibility.is_withdrawn(self.version)

    @cached_property
    def facts(self) -> MeetingFacts:
        """Title, time, place and cancellation as this version told readers: read with the
        versions (`reader_package`), so the page's shell needs no snapshot load."""
        if self.version is None:
            return MeetingFacts.from_json(meeting_facts(self.meeting))
        frozen = getattr(self.version, "frozen_meeting", None)
        return self.typed.meeting if frozen is None else MeetingFacts.from_json(frozen)

    def file_name(self, title: str) -> str:
        """A downloaded file's name: the body and the day first, so that a reader's folder keeps
        each meeting's files together and in order ("KKR Nordjylland 2023-12-08 2.1 Bilag 1 -
        Resultater af KL's mobilitetssurvey 2023.pdf")."""
        day = timezone.localtime(self.facts.start)
        return f"{self.meeting.body.name} {day:%Y-%m-%d} {title}.pdf"

    @property
    def first_start(self) -> datetime.datetime | None:
        """The start the first published version announced (None for a draft)."""
        if not self.readable or self.version is None:
            return None
        first = self.readable[-1]
        if getattr(first, "frozen_meeting", None) is None:
            return None
        return MeetingFacts.from_json(first.frozen_meeting).start

    @cached_property
    def typed(self) -> Package:
        """The package as this reader may read it, as typed data; loaded only when a page or
        download needs it."""
        if self.version is None:
            return visibility.package_for_audience(
                Package.from_json(meeting_snapshot(meeting=self.meeting)),
                may_see_closed=True,
                decisions_public=True,
            )
        self.version.snapshot = PackageVersion.objects.values_list("snapshot", flat=True).get(
            pk=self.version.pk
        )
        return visibility.typed_package_for(self.version, audience=self.audience)


def meeting_list(*, user) -> list[Meeting]:
    """The meetings this user may open, newest first, each with its published `.facts`."""
    return visibility.meetings_for(user).order_by("-start")


def reader_package(*, meeting_id: int, user, version_number: int | None = None) -> ReaderPackage:
    """The package this user reads: the newest version (or the asked-for one), filtered for them."""
    try:
        meeting = visibility.meetings_for(user).get(pk=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    audience = visibility.audience_of(user)
    # Each version carries its own meeting facts (a small part of the snapshot), never the
    # whole snapshot: `typed` loads that only when a page's body or a download needs it.
    versions = list(
        visibility.versions_for(user)
        .filter(meeting=meeting)
        .defer("snapshot")
        .annotate(frozen_meeting=KeyTransform("meeting", "snapshot"))
        .order_by("-number")
    )
    for version in versions:
        version.meeting = meeting  # already read; spares a query per use of `version.meeting`
    if not versions:
        if not audience.sees_drafts or version_number is not None:
            raise Http404
        return ReaderPackage(meeting=meeting, version=None, versions=[], audience=audience)
    package = ReaderPackage(meeting=meeting, version=None, versions=versions, audience=audience)
    if version_number is None:
        # The secretariat, too, is shown what readers see: the newest version not withdrawn.
        package.version = package.readable[0] if package.readable else versions[0]
    else:
        package.version = next((v for v in versions if v.number == version_number), None)
        if package.version is None:
            raise Http404
    return package


def version_document(package: ReaderPackage, *, kind: str, variant: str) -> VersionDocument:
    """A finished PDF of the package's version; the caller has checked the variant's rule."""
    if package.version is None or kind in visibility.retired_documents(
        package.meeting, package.audience
    ):
        raise Http404
    try:
        return VersionDocument.objects.get(version=package.version, kind=kind, variant=variant)
    except VersionDocument.DoesNotExist as error:
        raise Http404 from error


def documents_for(package: ReaderPackage, *, user) -> list[VersionDocument]:
    """The finished PDFs of the package's version that this user may fetch."""
    if package.version is None:
        return []
    allowed = visibility.document_variants_for(user)
    retired = visibility.retired_documents(package.meeting, package.audience)
    return [
        document
        for document in VersionDocument.objects.filter(version=package.version)
        if document.variant in allowed and document.kind not in retired
    ]


def latest_job(package: ReaderPackage):
    if package.version is None:
        return None
    return RenderJob.objects.filter(version=package.version).order_by("-created").first()


def annex_of(package: ReaderPackage, annex_uid: str) -> tuple[Item, Annex]:
    """An annex of the package as this reader may read it, with its item."""
    found = package.typed.find_annex(annex_uid)
    if found is None:
        raise Http404
    return found


def render_status(*, meeting: Meeting) -> dict:
    """The secretariat's live view of each version's render job and finished documents."""
    versions = []
    for version in meeting.versions.order_by("-number").prefetch_related("jobs", "documents")[:5]:
        jobs = sorted(version.jobs.all(), key=lambda j: j.created, reverse=True)
        job = jobs[0] if jobs else None
        done, total = (job.done, job.total) if job else (0, 0)
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
    """Deadlines and quorum for the secretariat; proposal and apology actions for members, who
    see a past meeting's deadlines no more (only their own apology, if they gave one)."""
    if not (is_secretariat(user) or is_council_member(user)):
        return None
    today = timezone.localdate()
    upcoming = timezone.now() < meeting.start
    panel = {
        "proposal_deadline": procedure.proposal_deadline(meeting),
        "agenda_deadline": procedure.agenda_deadline(meeting),
        "upcoming": upcoming,
        "deadlines": upcoming or is_secretariat(user),
        "may_propose": meeting.kind == Meeting.Kind.ORDINARY
        and today <= procedure.proposal_deadline(meeting),
        "is_member": is_council_member(user),
    }
    if is_secretariat(user):
        overview = procedure.attendance_overview(meeting)
        panel["quorum"] = overview["quorum"]
        panel["proposals"] = list(meeting.proposals.select_related("proposer"))
    return panel
