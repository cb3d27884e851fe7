"""Publishing from the builder: the checklist, identical versions, deadlines, attendance."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import checklist, services
from meetings.admin.amounts import DanishAmountField, format_amount
from meetings.models import AgendaItem, Attendance, ClosureReason, Membership, Person
from tests.access import assert_admin_answer
from tests.factories import CPH, ItemFactory, MeetingFactory, SectionFactory
from tests.forms import form_data

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


def _meeting(days=30, kind="ordinary", **fields):
    start = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=days), datetime.time(9, 45), tzinfo=CPH
    )
    meeting = MeetingFactory(start=start, kind=kind, **fields)
    section = SectionFactory(meeting=meeting, position=1, title="Regionalpolitiske sager")
    ItemFactory(section=section, position=1, title="Vækst Via Viden")
    ItemFactory(section=section, position=2, title="Budget xx", recommendation="")
    return meeting


def test_identical_version_is_refused(db):
    meeting = _meeting()
    assert services.meeting_publish(meeting=meeting).number == 1
    with pytest.raises(ValidationError) as refused:
        services.meeting_publish(meeting=meeting)
    assert refused.value.code == "unchanged"
    assert "Intet er ændret siden version 1" in refused.value.messages[0]
    assert meeting.versions.count() == 1
    item = meeting.sections.get().items.get(position=1)
    item.title = "Vækst Via Viden 2024"
    item.save()
    assert services.meeting_publish(meeting=meeting).number == 2


def test_extraordinary_meeting_not_held_to_the_sending_deadline(db):
    ordinary = _meeting(days=2)
    with pytest.raises(ValidationError) as late:
        services.meeting_publish(meeting=ordinary)
    assert late.value.code == "late"
    assert [f.code for f in checklist.run(meeting=ordinary, what="agenda")].count("late") == 1
    extraordinary = _meeting(days=2, kind="extraordinary")
    assert "late" not in [f.code for f in checklist.run(meeting=extraordinary, what="agenda")]
    assert services.meeting_publish(meeting=extraordinary).number == 1


def test_agenda_checklist_finds_what_looks_wrong(db):
    meeting = _meeting()
    reason = ClosureReason.objects.create(name="Personlige forhold")
    closed = ItemFactory(section=meeting.sections.get(), position=3, title="Personsag", closed=True,
                         closure_reason=reason, public_title="Klage over en afgørelse")  # fmt: skip
    findings = checklist.run(meeting=meeting, what="agenda")
    by_code = {(f.code, f.where): f for f in findings}
    assert by_code[("no_recommendation", "1.2")].message == (
        "Punkt 1.2 “Budget xx” har ingen indstilling."
    )
    assert "Budget xx" not in by_code[("placeholder", "1.2")].message
    assert "titel (“xx”)" in by_code[("placeholder", "1.2")].message
    assert by_code[("closed", "1.3")].message.startswith("Punkt 1.3 “Personsag” er lukket")
    assert all(f.level == checklist.WARNING for f in findings)
    assert closed.pk


def test_minutes_before_the_meeting_date_warned_and_attendance_required(db):
    meeting = _meeting(days=10)
    services.meeting_publish(meeting=meeting)
    findings = {f.code: f for f in checklist.run(meeting=meeting, what="minutes")}
    assert findings["not_held"].level == checklist.WARNING
    assert "ikke holdt endnu" in findings["not_held"].message
    assert (
        findings["no_decision"].message
        == "Ingen af dagsordenens 2 punkter har en beslutning endnu."
    )
    assert findings["no_attendance"].level == checklist.ERROR
    first = AgendaItem.objects.filter(section__meeting=meeting).order_by("position").first()
    first.decision = "<p>Godkendt.</p>"
    first.save()
    findings = {f.code: f for f in checklist.run(meeting=meeting, what="minutes")}
    assert findings["no_decision"].message == "1 af 2 punkter har ingen beslutning: 1.2."


@pytest.fixture
def council(db):
    meeting = _meeting(days=-1, late_publish_reason="Ekstra punkt kom sent")
    members = []
    for n in range(4):
        person = Person.objects.create(name=f"Medlem {n}")
        substitute = Person.objects.create(name=f"Stedfortræder {n}")
        members.append(
            Membership.objects.create(
                person=person,
                body=meeting.body,
                substitute=substitute,
                start=datetime.date(2022, 1, 1),
            )
        )
    return meeting, members


def test_attendance_in_one_step_and_minutes_after_accepting_warnings(council, client_for):
    meeting, members = council
    services.meeting_publish(meeting=meeting, user=None)
    secretary = client_for("secretariat")
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    page = secretary.get(url).content.decode()
    assert page.count('name="present"') == 4 and page.count("checked") == 4
    absent = members[1]
    data = form_data(page, "attendance_form")
    data["present"] = [str(m.pk) for m in members if m != absent]
    data[f"substitute-{absent.pk}"] = str(absent.substitute_id)
    response = secretary.post(url, data)
    assert response.status_code == 302
    rows = {
        (row.person.name, row.status, getattr(row.substitute_for, "name", None))
        for row in Attendance.objects.filter(meeting=meeting).select_related("person")
    }
    assert rows == {
        ("Medlem 0", "present", None),
        ("Medlem 1", "absent", None),
        ("Stedfortræder 1", "present", "Medlem 1"),
        ("Medlem 2", "present", None),
        ("Medlem 3", "present", None),
    }
    publish = reverse("admin:meetings_meeting_publish", args=[meeting.pk])
    page = secretary.get(publish, {"what": "minutes"}).content.decode()
    assert "Ingen af dagsordenens 2 punkter har en beslutning endnu." in page
    # A warning not accepted, or accepted without a reason, publishes nothing.
    response = secretary.post(publish, {"what": "minutes", "reason": ""})
    assert meeting.versions.count() == 1
    keys = [f.key for f in checklist.run(meeting=meeting, what="minutes")]
    response = secretary.post(publish, {"what": "minutes", "accept": keys, "reason": ""})
    assert "Skriv hvorfor" in response.content.decode() and meeting.versions.count() == 1
    response = secretary.post(
        publish, {"what": "minutes", "accept": keys, "reason": "Beslutninger følger i rettelse"}
    )
    assert response.status_code == 302
    version = meeting.versions.order_by("-number").first()
    assert (version.number, version.includes_decisions) == (2, True)
    log = LogEntry.objects.get(object_id=str(meeting.pk))
    assert "Begrundelse: Beslutninger følger i rettelse" in log.change_message
    # The minutes are out: publishing them again without a change is refused.
    secretary.post(publish, {"what": "minutes", "accept": keys, "reason": "igen"})
    assert meeting.versions.count() == 2


def test_errors_cannot_be_accepted(council, client_for):
    meeting, _members = council
    services.meeting_publish(meeting=meeting)
    secretary = client_for("secretariat")
    publish = reverse("admin:meetings_meeting_publish", args=[meeting.pk])
    keys = [f.key for f in checklist.run(meeting=meeting, what="minutes")]
    assert "no_attendance:" in keys
    response = secretary.post(publish, {"what": "minutes", "accept": keys, "reason": "x"})
    assert response.status_code == 200 and meeting.versions.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_builder_pages_only_for_the_secretariat(role, council, client_for):
    meeting, _members = council
    item = meeting.sections.get().items.first()
    client = client_for(role)
    urls = [
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:meetings_meeting_publish", args=[meeting.pk]) + "?what=agenda",
        reverse("admin:meetings_meeting_attendance", args=[meeting.pk]),
        reverse("admin:meetings_meeting_copy", args=[meeting.pk]),
        reverse("admin:meetings_meeting_render_status", args=[meeting.pk]),
        reverse("admin:meetings_agendaitem_change", args=[item.pk]),
        reverse("admin:index"),
    ]
    for url in urls:
        assert_admin_answer(client.get(url), role, url)
    upload = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])
    response = client.post(upload, {})
    assert response.status_code == (400 if role == "secretariat" else 302)
    assert item.annexes.count() == 0


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("2.316.569,00", Decimal("2316569.00")),
        ("2316569,5", Decimal("2316569.5")),
        ("-1.234", Decimal("-1234")),
        ("1.771.663,13 kr.", Decimal("1771663.13")),
        ("2316569.00", Decimal("2316569.00")),
    ],
)
def test_danish_amount_input(typed, value):
    field = DanishAmountField(max_digits=14, decimal_places=2)
    assert field.clean(typed) == value
    assert field.widget.format_value(value) == format_amount(value)


def test_danish_amount_shown_and_bad_input_explained():
    field = DanishAmountField(max_digits=14, decimal_places=2)
    assert field.widget.format_value(Decimal("2316569")) == "2.316.569,00"
    assert format_amount(Decimal("-1690518.25")) == "-1.690.518,25"
    for bad in ("1.23.4", "12,34,5", "to millioner"):
        with pytest.raises(ValidationError) as error:
            field.clean(bad)
        assert "2.316.569,00" in error.value.messages[0] or "kunne ikke" in error.value.messages[0]
