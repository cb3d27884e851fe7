"""Attendance in one step: every seat of the body on the meeting's day, present unless marked
absent, with the member's registered substitute (§ 3) when one came instead."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings import procedure
from meetings.locking import LockToken, lock_claim
from meetings.models import Attendance, Meeting


@dataclass
class SeatRow:
    membership_id: int
    member: object  # the Person who holds the membership
    sitting: object  # who holds the seat on the day (the substitute during a long leave)
    substitute: object | None  # the registered personal substitute
    present: bool
    substitute_came: bool
    reported_absent: bool


def attendance_rows(*, meeting: Meeting) -> list[SeatRow]:
    """The seats of the day; everyone present by default when nothing is recorded yet."""
    recorded = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
    nothing_recorded = not any(r.status == Attendance.Status.PRESENT for r in recorded.values())
    rows = []
    for seat in procedure.seats(meeting.body, procedure.meeting_date(meeting)):
        own = recorded.get(seat.sitting.pk)
        reported = own is not None and own.status == Attendance.Status.REPORTED_ABSENT
        substitute = seat.membership.substitute
        sub_row = recorded.get(substitute.pk) if substitute is not None else None
        substitute_came = (
            sub_row is not None
            and sub_row.status == Attendance.Status.PRESENT
            and sub_row.substitute_for_id == seat.membership.person_id
        ) or (nothing_recorded and reported and own.substitute_called)
        if nothing_recorded:
            present = not reported
        else:
            present = own is not None and own.status == Attendance.Status.PRESENT
        rows.append(
            SeatRow(
                membership_id=seat.membership.pk,
                member=seat.membership.person,
                sitting=seat.sitting,
                substitute=None if seat.by_substitute else substitute,
                present=present,
                substitute_came=substitute_came and not present,
                reported_absent=reported,
            )
        )
    return sorted(rows, key=lambda r: r.member.name)


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, absent: dict[int, int | None], lock: LockToken | None = None
) -> None:
    """Record the meeting's attendance: every seat present except those in ``absent``
    (membership id → the person id of the substitute who came, or None). Attendance is under the
    meeting's lock: with the token the page was opened with, a save that someone else's came
    before raises StaleEdit and stores nothing."""
    lock_claim(meeting_id=meeting.pk, token=lock)
    rows = attendance_rows(meeting=meeting)
    known = {row.membership_id for row in rows}
    if set(absent) - known:
        raise ValidationError(_("Et medlem på listen sidder ikke i organet på mødedagen."))
    for row in rows:
        if row.membership_id not in absent:
            _set(meeting, row.sitting, Attendance.Status.PRESENT, row, came=True)
            if row.substitute is not None:
                _substitute_not_came(meeting, row)
            continue
        substitute_id = absent[row.membership_id]
        status = (
            Attendance.Status.REPORTED_ABSENT if row.reported_absent else Attendance.Status.ABSENT
        )
        _set(meeting, row.sitting, status, row, came=False)
        if substitute_id is None:
            if row.substitute is not None:
                _substitute_not_came(meeting, row)
            continue
        if row.substitute is None or row.substitute.pk != substitute_id:
            raise ValidationError(
                _("%(member)s har ingen registreret stedfortræder med det navn (§ 3).")
                % {"member": row.member.name},
                code="substitute",
            )
        Attendance.objects.update_or_create(
            meeting=meeting,
            person=row.substitute,
            defaults={"status": Attendance.Status.PRESENT, "substitute_for": row.member},
        )


def _set(meeting, person, status, row, came):
    substitute_for = row.member if (came and person.pk != row.member.pk) else None
    Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={"status": status, "substitute_for": substitute_for},
    )


def _substitute_not_came(meeting, row):
    Attendance.objects.filter(
        meeting=meeting, person=row.substitute, substitute_for=row.member
    ).delete()
