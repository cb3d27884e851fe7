"""The rules of procedure (forretningsorden 2022–26) around their deadlines, with time frozen."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from meetings import procedure, rendering, services, visibility
from meetings.models import Appointment, Attendance, ItemProposal, Leave, Membership, Person
from tests.factories import BodyFactory, ItemFactory, MeetingFactory, SectionFactory

CPH = ZoneInfo("Europe/Copenhagen")
# An ordinary meeting on Friday 22 September 2023 at 09.45.
MEETING_START = datetime.datetime(2023, 9, 22, 9, 45, tzinfo=CPH)


def at(day, hour=12, minute=0):
    return time_machine.travel(
        datetime.datetime(2023, 9, day, hour, minute, tzinfo=CPH), tick=False
    )


@pytest.fixture
def meeting(db):
    with at(1):
        meeting = MeetingFactory(start=MEETING_START)
        ItemFactory(section=SectionFactory(meeting=meeting), title="Vækst Via Viden")
    return meeting


@pytest.fixture
def council(db):
    """Four members with personal substitutes, in the meeting's body."""
    body = BodyFactory()
    people = {}
    for name in ("Anne", "Bent", "Carl", "Dorte"):
        member = Person.objects.create(name=name)
        substitute = Person.objects.create(name=f"{name}s stedfortræder")
        Membership.objects.create(
            person=member, body=body, substitute=substitute, start=datetime.date(2022, 1, 1)
        )
        people[name] = member
        people[f"{name}-sub"] = substitute
    return people


def test_deadlines_follow_the_rules():
    meeting = MeetingFactory.build(start=MEETING_START)
    assert procedure.proposal_deadline(meeting) == datetime.date(2023, 9, 12)
    # Same weekday one week before: Friday 15 September.
    assert procedure.agenda_deadline(meeting) == datetime.date(2023, 9, 15)
    assert procedure.agenda_deadline(meeting).weekday() == MEETING_START.weekday()


@pytest.mark.parametrize(
    "day,hour,accepted", [(11, 12, True), (12, 23, True), (13, 0, False), (20, 9, False)]
)
def test_member_proposal_deadline(meeting, client_for, users, day, hour, accepted):
    Person.objects.create(name="Mogens Gade", user=users["council_member"])
    client = client_for("council_member")
    url = reverse("meetings:proposal_create", args=[meeting.pk])
    with at(day, hour):
        response = client.post(url, {"title": "Kollektiv trafik", "text": "Drøftelse af ruter"})
    proposals = list(ItemProposal.objects.values_list("title", flat=True))
    if accepted:
        assert response.status_code == 302
        assert proposals == ["Kollektiv trafik"]
    else:
        assert "Fristen for forslag til dette møde var 12.09.2023" in response.content.decode()
        assert proposals == []


def test_extraordinary_meetings_take_proposals_late(meeting, users):
    meeting.kind = meeting.Kind.EXTRAORDINARY
    meeting.save()
    person = Person.objects.create(name="Mogens Gade", user=users["council_member"])
    with at(20):
        services.proposal_submit(meeting=meeting, proposer=person, title="Hastesag", text="x")
    assert meeting.proposals.count() == 1


@pytest.mark.parametrize("day,allowed", [(14, True), (15, True), (16, False), (21, False)])
def test_agenda_deadline_needs_a_reason_after_it(meeting, day, allowed):
    with at(day, 23, 59):
        if allowed:
            assert services.meeting_publish(meeting=meeting).number == 1
        else:
            with pytest.raises(ValidationError, match=r"var 15\.09\.2023"):
                services.meeting_publish(meeting=meeting)
            assert not meeting.versions.exists()
            meeting.late_publish_reason = "Bilag fra Region Nordjylland kom sent"
            meeting.save()
            assert services.meeting_publish(meeting=meeting).number == 1
    # Corrections after the first publication are always possible (an identical version is not).
    meeting.location = "Hjørring Rådhus"
    meeting.save()
    with at(21):
        assert services.meeting_publish(meeting=meeting).number == 2


def _attend(meeting, person, status=Attendance.Status.PRESENT, substitute_for=None):
    Attendance.objects.create(
        meeting=meeting, person=person, status=status, substitute_for=substitute_for
    )


def _published_council_meeting():
    """The council's meeting with one decided item, its agenda published two weeks before."""
    body = Membership.objects.first().body
    with at(1):
        meeting = MeetingFactory(start=MEETING_START, body=body)
        ItemFactory(section=SectionFactory(meeting=meeting), decision="<p>Godkendt</p>")
    with at(14):
        services.meeting_publish(meeting=meeting)
    return meeting


def test_quorum_is_half_of_the_members(council):
    meeting = _published_council_meeting()
    _attend(meeting, council["Anne"])
    _attend(meeting, council["Bent"], Attendance.Status.REPORTED_ABSENT)
    quorum = procedure.attendance_overview(meeting)["quorum"]
    assert (quorum.seats, quorum.present, quorum.required, quorum.reached) == (4, 1, 2, False)
    with at(22, 14), pytest.raises(ValidationError, match="ikke beslutningsdygtigt: 1 af 4"):
        services.meeting_publish_minutes(meeting=meeting)
    # Bent's substitute comes instead: two of four, enough.
    _attend(meeting, council["Bent-sub"], substitute_for=council["Bent"])
    assert procedure.attendance_overview(meeting)["quorum"].reached
    with at(22, 14):
        version = services.meeting_publish_minutes(meeting=meeting)
    assert version.includes_decisions


def test_minutes_list_absent_members_and_substitutes(council):
    meeting = _published_council_meeting()
    _attend(meeting, council["Anne"])
    _attend(meeting, council["Carl"])
    _attend(meeting, council["Bent"], Attendance.Status.REPORTED_ABSENT)
    _attend(meeting, council["Bent-sub"], substitute_for=council["Bent"])
    overview = procedure.attendance_overview(meeting)
    assert [p.name for p in overview["present"]] == ["Anne", "Carl"]
    assert sorted(p.name for p in overview["absent"]) == ["Bent", "Dorte"]
    with at(22, 14):
        version = services.meeting_publish_minutes(meeting=meeting)
    documents = dict(
        ((kind, variant), data)
        for kind, variant, data in rendering.package_documents(
            visibility.frozen_package(version),
            minutes=True,
            attendance=rendering.attendance_lines(meeting),
        )
    )
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(documents[("referat", "offentlig")])).pages
    )
    absent_part = text.split("Fraværende", 1)[1]
    assert "Bent" in absent_part.split("Stedfortrædere")[0]
    assert "Dorte" in absent_part.split("Stedfortrædere")[0]
    assert "Bents stedfortræder, stedfortræder for Bent" in text
    assert "Godkendt" in text


def test_a_substitute_serves_one_member_only(council):
    anne = Membership.objects.get(person=council["Anne"])
    clash = Membership(
        person=council["Carl-sub"], body=anne.body, substitute=anne.substitute,
        start=datetime.date(2024, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="kun være det for ét medlem"):
        clash.full_clean()
    anne.end = datetime.date(2023, 12, 31)
    anne.save()
    clash.full_clean()  # after Anne's period ended, the substitute may serve someone else


@pytest.mark.parametrize(
    "end,substitute_sits",
    [(datetime.date(2023, 10, 31), True), (datetime.date(2023, 10, 30), False)],
)
def test_absence_of_three_months_lets_the_substitute_in(council, end, substitute_sits):
    anne = Membership.objects.get(person=council["Anne"])
    Leave.objects.create(membership=anne, start=datetime.date(2023, 8, 1), end=end)
    seats = {
        s.membership.person.name: s for s in procedure.seats(anne.body, datetime.date(2023, 9, 22))
    }
    assert seats["Anne"].by_substitute is substitute_sits
    assert (seats["Anne"].sitting == council["Anne-sub"]) is substitute_sits
    after = procedure.seats(anne.body, datetime.date(2023, 11, 15))
    assert not any(s.by_substitute for s in after)


def test_member_sends_apologies_before_the_meeting(meeting, client_for, users):
    person = Person.objects.create(name="Mogens Gade", user=users["council_member"])
    client = client_for("council_member")
    url = reverse("meetings:absence_report", args=[meeting.pk])
    with at(21):
        client.post(url, {"substitute": "1"})
    row = Attendance.objects.get(meeting=meeting, person=person)
    assert row.status == Attendance.Status.REPORTED_ABSENT and row.substitute_called
    row.delete()
    with at(22, 10):
        response = client.post(url, follow=True)
    assert "Mødet er begyndt" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("role", ["secretariat", "council_member", "municipality", "anonymous"])
def test_appointments_register(role, client_for, db):
    person = Person.objects.create(name="Jes Lunde", party="B")
    with at(1):
        today = datetime.date(2023, 9, 1)
        Appointment.objects.create(
            organisation="Erhvervshus Nordjyllands bestyrelse", person=person,
            start=datetime.date(2023, 1, 1), end=today + datetime.timedelta(days=60),
        )  # fmt: skip
        Appointment.objects.create(
            organisation="Nordjyllands Trafikselskab", person=person,
            start=datetime.date(2023, 1, 1), end=today + datetime.timedelta(days=400),
        )  # fmt: skip
        Appointment.objects.create(
            organisation="Udløbet råd", person=person,
            start=datetime.date(2020, 1, 1), end=datetime.date(2022, 12, 31),
        )  # fmt: skip
        html = client_for(role).get(reverse("meetings:appointments")).content.decode()
    assert "Erhvervshus Nordjyllands bestyrelse" in html and "Nordjyllands Trafikselskab" in html
    assert "Udløbet råd" not in html
    expiring = html.split("udløber inden for 90 dage")
    assert (len(expiring) > 1) is (role == "secretariat")
    if role == "secretariat":
        assert "Erhvervshus" in expiring[1].split("</section>")[0]
        assert "Trafikselskab" not in expiring[1].split("</section>")[0]


def test_meeting_plan_shows_deadlines(meeting, client_for):
    with at(14):
        services.meeting_publish(meeting=meeting)
    html = (
        client_for("anonymous").get(reverse("meetings:meeting_plan", args=[2023])).content.decode()
    )
    assert "1 ordinært møde" in html
    assert "tirsdag 12. september" in html and "fredag 15. september" in html
