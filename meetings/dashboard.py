"""The secretariat's start page: what the day's work is, one section a kind of work. The meetings
app gives its own (the next meetings, the deadlines for sending the agenda, drafts, the members'
proposals and apologies, failed PDF jobs); other apps add theirs by answering
`signals.secretariat_work_wanted` with a Section (the councils' deadlines, readers' requests)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from meetings import procedure, signals, visibility
from meetings.models import Attendance, ItemProposal, Meeting, RenderJob
from meetings.text import format_date


@dataclass(frozen=True)
class Row:
    """One line: `lead: <a href=url>text</a>: note [badge]`."""

    text: str
    url: str = ""
    lead: str = ""
    note: str = ""
    badge: str = ""
    warn: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    rows: list[Row]
    empty: str
    add: tuple[str, str] | None = None  # (text, url) of a link below the rows


def _meeting_url(meeting: Meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def _upcoming(now) -> list[Meeting]:
    return list(
        Meeting.objects.filter(start__gte=now - datetime.timedelta(hours=12), cancelled=False)
        .select_related("body")
        .order_by("start")[:6]
    )


def _next_meetings(upcoming: list[Meeting]) -> Section:
    return Section(
        "next",
        _("Næste møder"),
        [
            Row(
                f"{format_date(m.start, 'stamp')} – {m}",
                _meeting_url(m),
                badge=m.get_status_display(),
                warn=m.status == Meeting.Status.DRAFT,
            )
            for m in upcoming
        ],
        _("Ingen planlagte møder."),
        add=(_("Nyt møde"), reverse("admin:meetings_meeting_add")),
    )


def _deadlines(upcoming: list[Meeting], today: datetime.date) -> Section:
    rows = []
    for m in upcoming:
        if m.status == Meeting.Status.DRAFT and procedure.agenda_deadline_applies(m):
            deadline = procedure.agenda_deadline(m)
            passed = deadline < today
            rows.append(
                Row(str(m), _meeting_url(m), lead=format_date(deadline, "weekday_short"),
                    badge=_("overskredet") if passed else "", warn=passed)
            )  # fmt: skip
    return Section("deadline", _("Frister for udsendelse"), rows, _("Ingen frister for kladder."))


def _drafts() -> Section:
    drafts = visibility.unpublished_meetings().select_related("body").order_by("start")[:8]
    rows = [Row(f"{format_date(m.start, 'day')} – {m}", _meeting_url(m)) for m in drafts]
    return Section("drafts", _("Kladder"), rows, _("Ingen kladder."))


def _proposals(now) -> Section:
    """Members' proposals for items (§ 5 stk. 4) the secretariat has not yet dealt with."""
    received = (
        ItemProposal.objects.filter(status=ItemProposal.Status.RECEIVED, meeting__start__gte=now)
        .select_related("proposer", "meeting")
        .order_by("meeting__start", "submitted_at")[:8]
    )
    rows = [
        Row(p.title, reverse("admin:meetings_itemproposal_change", args=[p.pk]),
            lead=p.proposer.name,
            note=pgettext("proposal", "til mødet %(when)s") % {"when": format_date(p.meeting.start, "day")})
        for p in received
    ]  # fmt: skip
    return Section("proposals", _("Forslag fra medlemmer"), rows, _("Ingen forslag venter."))


def _apologies(now) -> Section:
    """Apologies for the coming meetings, and whether the personal substitute was called."""
    reported = (
        Attendance.objects.filter(
            status=Attendance.Status.REPORTED_ABSENT, meeting__start__gte=now,
            meeting__cancelled=False,
        )
        .select_related("person", "meeting")
        .order_by("meeting__start", "person__name")[:12]
    )  # fmt: skip
    rows = [
        Row(str(a.person), reverse("admin:meetings_meeting_attendance", args=[a.meeting_id]),
            note=format_date(a.meeting.start, "day"),
            badge=_("stedfortræder indkaldt") if a.substitute_called
            else _("stedfortræder ikke indkaldt"),
            warn=not a.substitute_called)
        for a in reported
    ]  # fmt: skip
    return Section("apologies", _("Afbud til kommende møder"), rows, _("Ingen afbud."))


def _failed_jobs() -> Section:
    jobs = (
        RenderJob.objects.filter(status=RenderJob.Status.FAILED)
        .select_related("version__meeting__body")
        .order_by("-created")[:8]
    )
    rows = [
        Row(_("%(meeting)s – version %(n)s") % {"meeting": job.version.meeting, "n": job.version.number},
            reverse("admin:meetings_renderjob_change", args=[job.pk]),
            note=Truncator(job.error).chars(80))
        for job in jobs
    ]  # fmt: skip
    return Section("jobs", _("Fejlede PDF-jobs"), rows, _("Ingen fejlede jobs."))


def sections() -> list[Section]:
    now = timezone.now()
    upcoming = _upcoming(now)
    own = [
        _next_meetings(upcoming),
        _deadlines(upcoming, timezone.localdate()),
        _drafts(),
        _proposals(now),
        _apologies(now),
    ]
    others = [answer for _receiver, answer in signals.secretariat_work_wanted.send(sender=Meeting)]
    return own + [section for section in others if section is not None] + [_failed_jobs()]
