"""Reads shaped for the reader pages and downloads; visibility is applied here, once."""

import copy
from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404

from meetings.models import Meeting, PackageVersion
from meetings.rules import can_view_closed, is_secretariat
from meetings.services import iter_items, meeting_snapshot


@dataclass
class ReaderPackage:
    meeting: Meeting
    version: PackageVersion | None  # None: the secretariat's preview of an unpublished draft
    versions: list[PackageVersion]
    snapshot: dict  # already filtered for the reader

    @property
    def is_latest(self):
        return self.version is None or self.version.number == self.versions[0].number


def meeting_list(*, user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("body")
        .annotate(latest_version=Max("versions__number"))
        .order_by("-start")
    )


def snapshot_for_user(snapshot: dict, *, user, decisions_public: bool) -> dict:
    """Remove what this user may not read: closed texts and annexes, unpublished decisions."""
    visible = copy.deepcopy(snapshot)
    may_see_closed = can_view_closed(user)
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
        snapshot = meeting_snapshot(meeting=meeting)
        return ReaderPackage(
            meeting=meeting,
            version=None,
            versions=[],
            snapshot=snapshot_for_user(snapshot, user=user, decisions_public=True),
        )
    wanted = versions[0] if version_number is None else None
    if wanted is None:
        wanted = next((v for v in versions if v.number == version_number), None)
        if wanted is None:
            raise Http404
    snapshot = PackageVersion.objects.values_list("snapshot", flat=True).get(pk=wanted.pk)
    return ReaderPackage(
        meeting=meeting,
        version=wanted,
        versions=versions,
        snapshot=snapshot_for_user(snapshot, user=user, decisions_public=wanted.includes_decisions),
    )


def find_annex(package: ReaderPackage, annex_uid: str):
    for item in iter_items(package.snapshot):
        for annex in item["annexes"]:
            if annex["uid"] == annex_uid:
                return item, annex
    raise Http404
