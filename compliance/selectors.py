"""Reads shaped for the accessibility statement and for the secretariat's start page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from compliance.models import AccessibilityStatement, AccessibleCopyRequest, AnnexAccessibility
from meetings.dashboard import Row, Section
from meetings.text import format_date
from meetings.visibility import Audience, readable_versions, typed_package_for


@dataclass(frozen=True)
class InaccessibleAnnex:
    meeting: str
    meeting_id: int
    item: str
    title: str
    problems: list[str]


def statement() -> AccessibilityStatement:
    return AccessibilityStatement.objects.order_by("pk").first() or AccessibilityStatement()


def public_annex_report() -> tuple[int, list[InaccessibleAnnex]]:
    """(how many annexes the public can read, those of them that are not accessible and why),
    from the newest readable version of each meeting."""
    latest = {}
    versions = readable_versions().select_related("meeting").order_by("meeting_id", "number")
    for version in versions:
        latest[version.meeting_id] = version
    places = []
    for version in latest.values():
        package = typed_package_for(version, audience=Audience.PUBLIC)
        for item, annex in package.annexes():
            if annex.visible and annex.sha256:
                places.append((version, item, annex))
    checks = AnnexAccessibility.objects.in_bulk(
        [annex.sha256 for _v, _i, annex in places], field_name="sha256"
    )
    missing = [
        InaccessibleAnnex(
            str(version.meeting),
            version.meeting_id,
            f"{item.number} {item.title}",
            annex.title,
            checks[annex.sha256].problems,
        )
        for version, item, annex in places
        if annex.sha256 in checks and checks[annex.sha256].problems
    ]
    return len(places), missing


def secretariat_work(sender, **kwargs) -> Section:
    """Answers meetings' `secretariat_work_wanted`: readers' requests for an accessible copy of
    an annex that are not answered yet, the oldest first."""
    waiting = (
        AccessibleCopyRequest.objects.filter(handled=False)
        .select_related("annex")
        .order_by("created")[:8]
    )
    rows = [
        Row(request.annex.title,
            reverse("admin:compliance_accessiblecopyrequest_change", args=[request.pk]),
            note=format_date(request.created, "short"))
        for request in waiting
    ]  # fmt: skip
    return Section(
        "copy-requests",
        _("Anmodninger om tilgængelig udgave"),
        rows,
        _("Ingen ubesvarede anmodninger."),
    )
