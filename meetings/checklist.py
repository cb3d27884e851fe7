"""What the secretariat is shown before publishing: what will go out and what looks wrong.

A check is a function ``check(meeting, context) -> list[Finding]`` registered for the agenda, the
minutes, or both, with ``@register("agenda", "minutes")``. Other apps add their checks the same
way (from their AppConfig.ready). Errors stop publishing; warnings can be accepted with a reason,
which is kept in the meeting's admin log."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from meetings import procedure
from meetings.models import AgendaItem, Meeting
from meetings.text import format_date

ERROR, WARNING = "error", "warning"
AGENDA, MINUTES = "agenda", "minutes"


@dataclass(frozen=True)
class Finding:
    code: str
    level: str  # ERROR or WARNING
    message: str
    where: str = ""  # an item number, when the finding belongs to one
    url: str = ""  # where the secretariat can resolve it, when not in the agenda itself

    @property
    def key(self) -> str:
        return f"{self.code}:{self.where}"


@dataclass
class Context:
    """What checks share, read once."""

    meeting: Meeting
    what: str
    items: list = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)


Check = Callable[[Context], list[Finding]]
_REGISTRY: dict[str, list[Check]] = {AGENDA: [], MINUTES: []}


def register(*whats: str):
    def decorate(check: Check) -> Check:
        for what in whats:
            if check not in _REGISTRY[what]:
                _REGISTRY[what].append(check)
        return check

    return decorate


def context_for(*, meeting: Meeting, what: str) -> Context:
    """The meeting's items, numbered as they will be published, read once for every check."""
    sections = meeting.sections.order_by("position", "pk").prefetch_related(
        "items__annexes", "items__closure_reason"
    )
    items = []
    for s_index, section in enumerate(sections, start=1):
        for i_index, item in enumerate(sorted(section.items.all(), key=_order), start=1):
            item.derived_number = f"{s_index}.{i_index}"
            items.append(item)
    return Context(meeting=meeting, what=what, items=items)


def run(*, meeting: Meeting, what: str) -> list[Finding]:
    """All findings for publishing the agenda or the minutes, errors first."""
    context = context_for(meeting=meeting, what=what)
    findings = [finding for check in _REGISTRY[what] for finding in check(context)]
    return sorted(findings, key=lambda f: f.level != ERROR)


def _order(obj):
    return (obj.position, obj.pk)


def _text(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def acceptance_record(*, meeting: Meeting, user, findings: list[Finding], reason: str, what: str):
    """Keep the accepted warnings and the reason in the meeting's admin log."""
    if not findings:
        return
    label = _("referatet") if what == MINUTES else _("dagsordenen")
    message = _(
        "Offentliggjorde %(what)s trods advarsler: %(warnings)s. Begrundelse: %(reason)s"
    ) % {
        "what": label,
        "warnings": "; ".join(f.message for f in findings),
        "reason": reason,
    }
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[meeting],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


@register(AGENDA, MINUTES)
def check_has_items(context: Context) -> list[Finding]:
    if context.items:
        return []
    return [Finding("no_items", ERROR, _("Mødet har ingen dagsordenpunkter."))]


@register(AGENDA)
def check_recommendation(context: Context) -> list[Finding]:
    return [
        Finding(
            "no_recommendation",
            WARNING,
            _("Punkt %(n)s “%(title)s” har ingen indstilling.")
            % {"n": item.derived_number, "title": item.title},
            item.derived_number,
        )
        for item in context.items
        if not _text(item.recommendation)
    ]


@register(AGENDA)
def check_closed(context: Context) -> list[Finding]:
    """Closed content is listed so that a mistake is seen before it goes out."""
    found = []
    for item in context.items:
        closed_annexes = [a for a in item.annexes.all() if a.closed or item.closed]
        if item.closed:
            message = _("Punkt %(n)s “%(title)s” er lukket (kun nummer og titel er offentlige)")
        elif closed_annexes:
            message = _("Punkt %(n)s “%(title)s” er åbent")
        else:
            continue
        message = message % {"n": item.derived_number, "title": item.title}
        if closed_annexes:
            message += _("; lukkede bilag: %(annexes)s") % {
                "annexes": ", ".join(a.title for a in closed_annexes)
            }
        found.append(Finding("closed", WARNING, message + ".", item.derived_number))
    return found


# "xx", "XX", "[indsæt]", "???" and "TODO" are how drafts mark what is still to be written.
PLACEHOLDER = re.compile(r"(?<!\w)(xx+|\?\?\?+|\[indsæt[^\]]*\]|todo)(?!\w)", re.IGNORECASE)


@register(AGENDA, MINUTES)
def check_placeholders(context: Context) -> list[Finding]:
    found = []
    for item in context.items:
        fields = [("title", item.title)] + [
            (name, getattr(item, name))
            for name in AgendaItem.TEXT_FIELDS
            if name != "decision" or context.what == MINUTES
        ]
        hits = [
            (name, match.group(0))
            for name, value in fields
            for match in [PLACEHOLDER.search(_text(value))]
            if match
        ]
        if hits:
            labels = ", ".join(
                f"{AgendaItem._meta.get_field(name).verbose_name} (“{text}”)" for name, text in hits
            )
            found.append(
                Finding(
                    "placeholder",
                    WARNING,
                    _("Punkt %(n)s har pladsholdere: %(where)s.")
                    % {"n": item.derived_number, "where": labels},
                    item.derived_number,
                )
            )
    return found


@register(AGENDA)
def check_deadline(context: Context) -> list[Finding]:
    meeting = context.meeting
    if not procedure.agenda_deadline_applies(meeting):
        return []
    deadline = procedure.agenda_deadline(meeting)
    if meeting.versions.exists() or context.today <= deadline:
        return []
    message = _(
        "Fristen for udsendelse var %(deadline)s (forretningsordenens § 5 stk. 5, ordinære møder)."
    ) % {"deadline": format_date(deadline, "numeric")}
    if meeting.late_publish_reason:
        message += " " + _("Begrundelse: %(reason)s") % {"reason": meeting.late_publish_reason}
    return [Finding("late", WARNING, message)]


@register(AGENDA)
def check_annex_text(context: Context) -> list[Finding]:
    """Scanned annexes cannot be searched or read aloud. The text is extracted by the search
    app, when it is installed; without it there is nothing to say."""
    if not apps.is_installed("search"):
        return []
    annexes = [a for item in context.items for a in item.annexes.all()]
    known = apps.get_model("search", "AnnexText").objects.filter(
        sha256__in=[a.sha256 for a in annexes]
    )
    textless = {t.sha256 for t in known if t.pages and not t.pages_with_text}
    numbers = {a.pk: (item.derived_number, n) for item in context.items
               for n, a in enumerate(sorted(item.annexes.all(), key=_order), start=1)}  # fmt: skip
    return [
        Finding(
            "annex_no_text",
            WARNING,
            _("Bilag %(annex)s til punkt %(n)s “%(title)s” har ingen tekst (indscannet?).")
            % {"annex": numbers[a.pk][1], "n": numbers[a.pk][0], "title": a.title},
            numbers[a.pk][0],
        )
        for a in annexes
        if a.sha256 in textless
    ]


@register(MINUTES)
def check_meeting_held(context: Context) -> list[Finding]:
    day = procedure.meeting_date(context.meeting)
    if context.today >= day:
        return []
    return [
        Finding(
            "not_held",
            WARNING,
            _("Mødet er ikke holdt endnu (det er %(day)s).") % {"day": format_date(day, "day")},
        )
    ]


@register(MINUTES)
def check_decisions(context: Context) -> list[Finding]:
    missing = [item for item in context.items if not _text(item.decision)]
    if not missing:
        return []
    if len(missing) == len(context.items):
        message = _("Ingen af dagsordenens %(total)s punkter har en beslutning endnu.") % {
            "total": len(missing)
        }
    else:
        message = _("%(count)s af %(total)s punkter har ingen beslutning: %(numbers)s.") % {
            "count": len(missing),
            "total": len(context.items),
            "numbers": ", ".join(item.derived_number for item in missing),
        }
    return [Finding("no_decision", WARNING, message)]


@register(MINUTES)
def check_attendance(context: Context) -> list[Finding]:
    meeting = context.meeting
    if not meeting.attendance.filter(status="present").exists():
        return [Finding("no_attendance", ERROR, _("Fremmødet er ikke registreret."))]
    quorum = procedure.attendance_overview(meeting)["quorum"]
    if quorum.reached:
        return []
    return [
        Finding(
            "quorum",
            ERROR,
            _(
                "Mødet var ikke beslutningsdygtigt: %(present)s af %(seats)s til stede, mindst "
                "%(required)s kræves (§ 5 stk. 9)."
            )
            % {"present": quorum.present, "seats": quorum.seats, "required": quorum.required},
        )
    ]
