"""The meetings app's models: organisation, agenda and the published packages readers see."""

from meetings.models.agenda import (
    AgendaItem,
    AgendaSection,
    Annex,
    Attendance,
    ClosureReason,
    ItemProposal,
    Meeting,
    MeetingQuerySet,
    annex_upload_to,
)
from meetings.models.notifications import Notification
from meetings.models.organisation import (
    Appointment,
    Body,
    Leave,
    Membership,
    Municipality,
    Person,
    Subscription,
)
from meetings.models.packages import PackageVersion, RenderJob, RenderPart, VersionDocument

__all__ = [
    "AgendaItem",
    "AgendaSection",
    "Annex",
    "Appointment",
    "Attendance",
    "Body",
    "ClosureReason",
    "ItemProposal",
    "Leave",
    "Meeting",
    "MeetingQuerySet",
    "Membership",
    "Municipality",
    "Notification",
    "PackageVersion",
    "Person",
    "RenderJob",
    "RenderPart",
    "Subscription",
    "VersionDocument",
    "annex_upload_to",
]
