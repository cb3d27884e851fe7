"""Optimistic locking for a meeting and everything on its agenda.

One lock per meeting: its ``lock_version`` covers the meeting's own fields, its sections, items,
annexes and attendance, whichever page saves them. A page carries the lock it was opened with
(``LockToken``); a save claims the lock with one compare-and-increment statement
(``UPDATE … SET lock_version = n + 1 WHERE lock_version = n``) in the save's transaction, so of two
overlapping saves exactly one gets the row; the other finds zero rows and is told, in Danish, who
changed what since the page was opened.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, AgendaSection, Annex, Attendance, Meeting

MAX_CHANGE_LINES = 12


class StaleEdit(ValidationError):
    """The page was opened before someone else's save: nothing of this save is stored."""


@dataclass(frozen=True)
class LockToken:
    """The lock a page was opened with, and when it was opened (to say what changed since)."""

    version: int
    opened: datetime.datetime | None = None

    def __str__(self):
        if self.opened is None:
            return str(self.version)
        return f"{self.version}/{self.opened.timestamp():.6f}"

    @classmethod
    def parse(cls, value) -> "LockToken | None":
        if isinstance(value, LockToken) or value is None:
            return value
        if isinstance(value, int):
            return cls(value)
        version, _sep, opened = str(value).strip().partition("/")
        try:
            number = int(version)
            when = (
                datetime.datetime.fromtimestamp(float(opened), tz=datetime.UTC) if opened else None
            )
        except (ValueError, OverflowError, OSError):
            return None
        if number < 0:
            return None
        return cls(number, when)


def meeting_id_of(obj) -> int | None:
    """The meeting whose lock covers this object (its stored place, not what a form posted)."""
    if isinstance(obj, Meeting):
        return obj.pk
    if isinstance(obj, AgendaSection | Attendance):
        return obj.meeting_id
    if isinstance(obj, AgendaItem):
        stored = AgendaItem.objects.filter(pk=obj.pk).values_list("section_id", flat=True).first()
        section_id = stored or obj.section_id
        return (
            AgendaSection.objects.filter(pk=section_id).values_list("meeting_id", flat=True).first()
        )
    if isinstance(obj, Annex):
        stored = Annex.objects.filter(pk=obj.pk).values_list("item_id", flat=True).first()
        item_id = stored or obj.item_id
        return (
            AgendaItem.objects.filter(pk=item_id)
            .values_list("section__meeting_id", flat=True)
            .first()
        )
    return None


def lock_current(meeting_id: int | None) -> LockToken | None:
    """The token a page opened now carries."""
    if meeting_id is None:
        return None
    version = Meeting.objects.filter(pk=meeting_id).values_list("lock_version", flat=True).first()
    return None if version is None else LockToken(version, timezone.now())


def lock_check(*, meeting_id: int | None, token: LockToken | None) -> None:
    """Refuse early (while validating a form) when the page is already out of date."""
    if meeting_id is None:
        return
    current = Meeting.objects.filter(pk=meeting_id).values_list("lock_version", flat=True).first()
    if token is None or current is None or current != token.version:
        raise stale_edit(meeting_id=meeting_id, token=token)


def lock_claim(*, meeting_id: int, token: LockToken | None) -> int:
    """Compare and increment in one statement; zero rows means someone else saved first.
    Without a token (scripts, services) the lock just moves on. Returns the new version."""
    rows = Meeting.objects.filter(pk=meeting_id)
    if token is not None:
        rows = rows.filter(lock_version=token.version)
    if not rows.update(lock_version=F("lock_version") + 1, updated=timezone.now()):
        raise stale_edit(meeting_id=meeting_id, token=token)
    return Meeting.objects.values_list("lock_version", flat=True).get(pk=meeting_id)


def stale_edit(*, meeting_id: int, token: LockToken | None) -> StaleEdit:
    message = _(
        "Mødet er blevet ændret af en anden, efter du åbnede siden. Dine ændringer er ikke gemt, "
        "men står stadig i formularen. Åbn siden igen i en ny fane for at se den nye udgave, og "
        "indfør dine ændringer dér."
    )
    lines = changes_since(meeting_id=meeting_id, token=token)
    if lines:
        message += " " + _("Ændringer: %(changes)s.") % {"changes": "; ".join(lines)}
    return StaleEdit(message, code="stale")


def _since(meeting_id: int, token: LockToken | None):
    if token is not None and token.opened is not None:
        return token.opened
    version = token.version if token is not None else 0
    first = (
        Meeting.history.filter(id=meeting_id, lock_version__gt=version)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return first


def changes_since(*, meeting_id: int, token: LockToken | None) -> list[str]:
    """Who changed what in the meeting and its agenda after the page was opened."""
    since = _since(meeting_id, token)
    if since is None:
        return []
    histories = [
        (Meeting.history.filter(id=meeting_id), lambda r: _("mødet")),
        (
            AgendaSection.history.filter(meeting_id=meeting_id),
            lambda r: _("afsnittet “%(title)s”") % {"title": r.title},
        ),
        (
            AgendaItem.history.filter(section__meeting_id=meeting_id),
            lambda r: _("punktet “%(title)s”") % {"title": r.title},
        ),
        (
            Annex.history.filter(item__section__meeting_id=meeting_id),
            lambda r: _("bilaget “%(title)s”") % {"title": r.title},
        ),
        (Attendance.history.filter(meeting_id=meeting_id), lambda r: _("fremmødet")),
    ]
    records = []
    for queryset, what in histories:
        for record in queryset.filter(history_date__gt=since).select_related("history_user"):
            records.append((record.history_date, _describe(record, what(record))))
    records.sort(key=lambda pair: pair[0])
    lines = [line for _when, line in records]
    if len(lines) > MAX_CHANGE_LINES:
        more = len(lines) - MAX_CHANGE_LINES
        lines = [*lines[:MAX_CHANGE_LINES], _("og %(n)s ændringer mere") % {"n": more}]
    return lines


def _describe(record, what) -> str:
    verb = {"+": _("tilføjede"), "~": _("ændrede"), "-": _("slettede")}[record.history_type]
    user = record.history_user
    who = (user.get_full_name() or user.username) if user else _("en anden")
    when = timezone.localtime(record.history_date).strftime("%H.%M")
    return _("%(who)s %(verb)s %(what)s kl. %(when)s") % {
        "who": who,
        "verb": verb,
        "what": what,
        "when": when,
    }
