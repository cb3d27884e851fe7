"""The meetings app's models: organisation, agenda and the published packages readers see."""

from meetings.models.agenda import (
    AgendaItem,
    AgendaSection,
    Annex,
    Attendance,
    Meeting,
    MeetingQuerySet,
    annex_upload_to,
)
from meetings.models.organisation import Body, Membership, Municipality, Person
from meetings.models.packages import PackageVersion, RenderJob, VersionDocument

__all__ = [
    "AgendaItem",
    "AgendaSection",
    "Annex",
    "Attendance",
    "Body",
    "Meeting",
    "MeetingQuerySet",
    "Membership",
    "Municipality",
    "PackageVersion",
    "Person",
    "RenderJob",
    "VersionDocument",
    "annex_upload_to",
]
