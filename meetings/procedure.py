"""The rules of procedure of KKR (forretningsorden 2022–26) that the portal checks: deadlines,
substitutes, seats and quorum.

The rules work on the objects they are given and reach other rows through their relations; this
module imports no models, so the models may use the rules (validation, properties) freely."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

# § 5 stk. 4: a member's proposal reaches the chair no later than 10 days before the meeting.
PROPOSAL_DAYS_BEFORE = 10
# § 5 stk. 5: the agenda is sent out no later than the same weekday in the week before.
AGENDA_DAYS_BEFORE = 7


def meeting_date(meeting) -> datetime.date:
    return timezone.localtime(meeting.start).date()


def proposal_deadline(meeting) -> datetime.date:
    """The last day a member's item proposal is accepted (inclusive)."""
    return meeting_date(meeting) - datetime.timedelta(days=PROPOSAL_DAYS_BEFORE)


def agenda_deadline(meeting) -> datetime.date:
    """The last day the agenda may be sent out without a recorded reason (inclusive)."""
    return meeting_date(meeting) - datetime.timedelta(days=AGENDA_DAYS_BEFORE)


def agenda_deadline_applies(meeting) -> bool:
    """§ 5 stk. 5 sets the sending deadline for ordinary meetings; an extraordinary meeting is
    called when needed and its agenda goes out when it can."""
    return meeting.kind == meeting.Kind.ORDINARY


def leave_replaces_member(start: datetime.date, end: datetime.date) -> bool:
    """§ 3 stk. 5: an absence of three months or more lets the substitute in meanwhile."""
    return end >= start + relativedelta(months=3) - datetime.timedelta(days=1)


def _overlapping(queryset, start, end):
    query = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        query &= Q(start__lte=end)
    return queryset.filter(query)


def substitute_conflicts(membership) -> list:
    """Other memberships in the same body whose personal substitute is this one's, at the same
    time (§ 3 stk. 4: a substitute serves one member only)."""
    if not membership.substitute_id or not membership.body_id or not membership.start:
        return []
    others = (
        type(membership)
        ._default_manager.filter(body_id=membership.body_id, substitute_id=membership.substitute_id)
        .exclude(pk=membership.pk)
    )
    return list(_overlapping(others, membership.start, membership.end).select_related("person"))


@dataclass(frozen=True)
class Seat:
    membership: object
    sitting: object  # the Person who holds the seat on the day
    by_substitute: bool


def seats(body, on: datetime.date) -> list[Seat]:
    """Every seat in the body on a day, and who holds it (the member, or the substitute during
    a leave of three months or more)."""
    memberships = (
        body.memberships.filter(start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person", "substitute", "municipality")
        .prefetch_related("leaves")
    )
    result = []
    for membership in memberships:
        on_leave = any(
            leave.start <= on <= leave.end and leave_replaces_member(leave.start, leave.end)
            for leave in membership.leaves.all()
        )
        if on_leave and membership.substitute is not None:
            result.append(Seat(membership, membership.substitute, True))
        else:
            result.append(Seat(membership, membership.person, False))
    return result


@dataclass(frozen=True)
class Quorum:
    seats: int
    present: int

    @property
    def required(self) -> int:
        # § 5 stk. 9: at least half of the members are present.
        return (self.seats + 1) // 2

    @property
    def reached(self) -> bool:
        return self.seats == 0 or self.present >= self.required


def attendance_overview(meeting) -> dict:
    """Present members, absent members and attending substitutes, from the seats of the day."""
    rows = {row.person_id: row for row in meeting.attendance.select_related("substitute_for")}
    present_status = meeting.attendance.model.Status.PRESENT
    present, absent, substitutes = [], [], []
    for seat in seats(meeting.body, meeting_date(meeting)):
        member = seat.membership.person
        sitter_row = rows.get(seat.sitting.pk)
        sitter_present = sitter_row is not None and sitter_row.status == present_status
        substitute = seat.membership.substitute
        substitute_row = rows.get(substitute.pk) if substitute else None
        substitute_came = (
            substitute_row is not None
            and substitute_row.status == present_status
            and substitute_row.substitute_for_id == member.pk
        )
        if seat.by_substitute:
            absent.append(member)
            if sitter_present:
                substitutes.append((seat.sitting, member))
        elif sitter_present:
            present.append(member)
        else:
            absent.append(member)
            if substitute_came:
                substitutes.append((substitute, member))
    return {
        "present": present,
        "absent": absent,
        "substitutes": substitutes,
        "quorum": Quorum(seats=len(present) + len(absent), present=len(present) + len(substitutes)),
    }


def meeting_plan(meetings):
    """Meetings (each with its published `.facts`) with their deadlines, in date order (about
    five ordinary ones a year, § 5 stk. 2). Date and deadlines are the ones readers were told:
    a move is news once it is published."""
    rows = [
        {
            "meeting": meeting,
            "facts": meeting.facts,
            "proposal_deadline": proposal_deadline(meeting.facts),
            "agenda_deadline": agenda_deadline(meeting.facts),
        }
        for meeting in meetings
    ]
    return sorted(rows, key=lambda row: row["facts"].start)
