"""The demo's year of KKR meetings around the seed meeting of 22 September 2023: the June and
December meetings with minutes and attendance (seeds 004 and 000), an upcoming meeting with its
agenda sent, and a draft the secretariat is still building."""

import datetime
import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.demo_annexes import annex_pdf
from meetings.models import (
    AgendaItem,
    AgendaSection,
    Attendance,
    ClosureReason,
    Meeting,
    PackageVersion,
)

CASE = "SAG-2023-03908"
# The agendas' texts (the seed meeting's and the year's around it) are data, not code.
AGENDAS = json.loads(Path(__file__).with_name("demo_agendas.json").read_text(encoding="utf-8"))


def build_agenda(meeting: Meeting, agenda) -> None:
    for section_position, (section_title, items) in enumerate(agenda, start=1):
        section = AgendaSection.objects.create(
            meeting=meeting, position=section_position, title=section_title
        )
        for item_position, spec in enumerate(items, start=1):
            spec = {"case_number": CASE, "initials": "hlth", **spec}
            annexes = spec.pop("annexes", [])
            if reason := spec.pop("closure_reason", None):
                spec["closure_reason"] = ClosureReason.objects.get_or_create(
                    name=reason[0], defaults={"legal_reference": reason[1]}
                )[0]
            item = AgendaItem.objects.create(section=section, position=item_position, **spec)
            for title, closed in annexes:
                subtitle = f"Bilag til punkt {item.number}"
                data = annex_pdf(title, subtitle=subtitle, text=item.presentation)
                name = f"{title.replace(' ', '_')}.pdf"
                uploaded = SimpleUploadedFile(name, data, content_type="application/pdf")
                services.annex_create(item=item, uploaded=uploaded, title=title, closed=closed)


def _dated(version: PackageVersion, when: datetime.datetime) -> None:
    """Publication dates that fit the meeting: the agenda a week before, the minutes after."""
    PackageVersion.objects.filter(pk=version.pk).update(published_at=when)


def _attend(meeting: Meeting, members: dict, names, *, absent=(), substitutes=()) -> None:
    for name in names:
        status = Attendance.Status.ABSENT if name in absent else Attendance.Status.PRESENT
        Attendance.objects.create(meeting=meeting, person=members[name], status=status)
    for substitute, member in substitutes:
        Attendance.objects.create(
            meeting=meeting,
            person=members[substitute],
            status=Attendance.Status.PRESENT,
            substitute_for=members[member],
        )


def _local(day: datetime.date, hour: int, minute: int, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


def load_year(body, members: dict, member_names, secretary, *, tz) -> None:
    """The meetings around the seed meeting; each created once (found again by its start)."""
    location = "Comwell Hvide Hus Aalborg, Vesterbro 2, 9000 Aalborg"
    held = [
        (datetime.date(2023, 6, 23), AGENDAS["june"], ("Per Kamp",), (("Tove Krog", "Per Kamp"),)),
        (datetime.date(2023, 12, 8), AGENDAS["december"], ("Lars Sø", "Jes Lunde"), (("Pia Mose", "Lars Sø"),)),
    ]  # fmt: skip
    for day, agenda, absent, substitutes in held:
        start = _local(day, 9, 45, tz)
        if Meeting.objects.filter(body=body, start=start).exists():
            continue
        meeting = Meeting.objects.create(
            body=body, title="Møde i KKR Nordjylland", start=start, location=location,
            late_publish_reason="Demodata: mødet er hentet fra arkivet.",
        )  # fmt: skip
        build_agenda(meeting, agenda)
        agenda_out = services.meeting_publish(meeting=meeting, user=secretary)
        _dated(agenda_out, _local(day - datetime.timedelta(days=8), 12, 0, tz))
        _attend(meeting, members, member_names, absent=absent, substitutes=substitutes)
        minutes = services.meeting_publish_minutes(meeting=meeting, user=secretary)
        _dated(minutes, _local(day + datetime.timedelta(days=4), 10, 30, tz))

    today = timezone.localdate()
    # KKR meets on Fridays: the first Friday at least eight days ahead (the agenda goes out
    # today, in time), and one about ten weeks on for the draft.
    upcoming_day, draft_day = meeting_day(today, 8), meeting_day(today, 70)
    if not Meeting.objects.filter(body=body, start__date__gt=today).exists():
        upcoming = Meeting.objects.create(
            body=body, title="Møde i KKR Nordjylland", start=_local(upcoming_day, 9, 45, tz),
            location="Rebild Kommune, Hobrovej 110, 9530 Støvring",
        )  # fmt: skip
        words = f"{upcoming_day.day}. {MONTHS[upcoming_day.month - 1]} {upcoming_day.year}"
        build_agenda(upcoming, _with_day(AGENDAS["upcoming"], words, ""))
        services.meeting_publish(meeting=upcoming, user=secretary)
        Attendance.objects.create(
            meeting=upcoming, person=members["Inger Bro"],
            status=Attendance.Status.REPORTED_ABSENT, substitute_called=True,
            reported_at=timezone.now(),
        )  # fmt: skip
        draft = Meeting.objects.create(
            body=body, title="Møde i KKR Nordjylland", start=_local(draft_day, 9, 45, tz),
            location="Aalborg Kommune, Boulevarden 13, 9000 Aalborg",
        )  # fmt: skip
        draft_words = f"{draft_day.day}. {MONTHS[draft_day.month - 1]} {draft_day.year}"
        build_agenda(draft, _with_day(AGENDAS["draft"], draft_words, words))


# Christmas and New Year days off (month, day), on which the demo holds no meeting.
DAYS_OFF = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}


def meeting_day(day: datetime.date, days: int) -> datetime.date:
    """The first Friday at least `days` days after `day`; the next working day where that
    Friday is a day off."""
    meeting = day + datetime.timedelta(days=days)
    meeting += datetime.timedelta(days=(4 - meeting.weekday()) % 7)
    while meeting.weekday() > 4 or (meeting.month, meeting.day) in DAYS_OFF:
        meeting += datetime.timedelta(days=1)
    return meeting


MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december"]  # fmt: skip


def _with_day(agenda, day: str, previous: str):
    def fill(value):
        return value.replace("{day}", day).replace("{previous}", previous)

    return [
        (
            title,
            [{k: fill(v) if isinstance(v, str) else v for k, v in spec.items()} for spec in items],
        )
        for title, items in agenda
    ]
