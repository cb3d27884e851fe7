"""Members' actions on the meeting page: apologies asked, confirmed, shown and taken back until
the meeting; proposals offered only before the § 5 stk. 4 deadline, to one named recipient."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, ItemProposal
from tests.factories import CPH


def test_absence_asks_first_then_shows_the_state_and_can_be_undone(package, client_for):
    meeting = package["meeting"]
    client = client_for("council_member")
    page = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("meetings:absence_report", args=[meeting.pk])
    assert f'href="{url}"' in page  # a link to the confirmation, not a one-tap form

    confirm = client.get(url).content.decode()
    assert "Vil du melde afbud" in confirm and "Ja, meld afbud" in confirm
    assert not Attendance.objects.filter(meeting=meeting).exists()  # asking registers nothing

    response = client.post(url, {"substitute": "1"}, follow=True)
    row = Attendance.objects.get(meeting=meeting)
    assert (row.status, row.substitute_called) == (Attendance.Status.REPORTED_ABSENT, True)
    page = response.content.decode()
    assert "Du har meldt afbud til mødet." in page
    assert "Din personlige stedfortræder er indkaldt." in page
    assert f'href="{url}"' not in page  # no second "Meld afbud"

    undo = reverse("meetings:absence_withdraw", args=[meeting.pk])
    page = client.post(undo, follow=True).content.decode()
    row.refresh_from_db()
    assert row.status == Attendance.Status.EXPECTED and row.reported_at is None
    assert "Dit afbud er trukket tilbage" in page and "Du har meldt afbud til mødet." not in page
    assert f'href="{url}"' in page


def test_absence_cannot_be_undone_once_the_meeting_has_begun(package, client_for):
    meeting = package["meeting"]
    client = client_for("council_member")
    client.post(reverse("meetings:absence_report", args=[meeting.pk]))
    meeting.start = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save()
    page = client.post(
        reverse("meetings:absence_withdraw", args=[meeting.pk]), follow=True
    ).content.decode()
    assert "Mødet er begyndt" in page
    assert Attendance.objects.get(meeting=meeting).status == Attendance.Status.REPORTED_ABSENT
    assert "Fortryd afbud" not in page


def test_a_past_meeting_shows_a_member_their_apology_but_no_deadlines(package, client_for):
    meeting = package["meeting"]
    client = client_for("council_member")
    meeting.start = timezone.now() - datetime.timedelta(days=3)
    meeting.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="procedure-h"' not in page  # nothing left to act on, no empty panel
    assert "Frist for forslag til punkter" not in page

    meeting.start = timezone.now() + datetime.timedelta(days=30)
    meeting.save()
    client.post(reverse("meetings:absence_report", args=[meeting.pk]))
    meeting.start = timezone.now() - datetime.timedelta(days=3)
    meeting.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<h2 id="procedure-h">Dit afbud</h2>' in page
    assert "Du har meldt afbud til mødet." in page
    assert "Frist for forslag til punkter" not in page and "Fortryd afbud" not in page

    secretariat = client_for("secretariat").get(meeting.get_absolute_url()).content.decode()
    assert "Frist for forslag til punkter" in secretariat  # the secretariat keeps the record


@pytest.mark.parametrize("days_before,offered", [(11, True), (10, True), (9, False)])
def test_proposal_offered_only_before_the_deadline(days_before, offered, package, client_for):
    meeting = package["meeting"]
    # The deadline is a calendar day in Copenhagen: count from today's date there, at noon, so
    # the test does not depend on the hour it runs.
    day = timezone.localdate() + datetime.timedelta(days=days_before)
    meeting.start = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=CPH)
    meeting.save()
    client = client_for("council_member")
    create = reverse("meetings:proposal_create", args=[meeting.pk])
    page = client.get(meeting.get_absolute_url()).content.decode()
    plan = client.get(
        reverse("meetings:meeting_plan", args=[timezone.localtime(meeting.start).year])
    ).content.decode()
    form = client.get(create).content.decode()
    assert (f'href="{create}"' in page) is offered
    assert (f'href="{create}"' in plan) is offered
    assert ('name="title"' in form) is offered
    if not offered:
        assert "Fristen for forslag er overskredet" in form
        response = client.post(create, {"title": "For sent", "text": "x"})
        assert not ItemProposal.objects.exists() and response.status_code == 200


def test_one_recipient_named_everywhere(package, client_for):
    meeting = package["meeting"]
    client = client_for("council_member")
    pages = [
        client.get(meeting.get_absolute_url()).content.decode(),
        client.get(reverse("meetings:proposal_create", args=[meeting.pk])).content.decode(),
        client.get(
            reverse("meetings:meeting_plan", args=[timezone.localtime(meeting.start).year])
        ).content.decode(),
    ]
    for page in pages:
        assert "formanden for KKR" in page
        assert "sekretariatet i hænde" not in page
    response = client.post(
        reverse("meetings:proposal_create", args=[meeting.pk]),
        {"title": "Kollektiv trafik", "text": "Drøftelse"},
        follow=True,
    )
    assert "Dit forslag er sendt til formanden for KKR." in response.content.decode()
