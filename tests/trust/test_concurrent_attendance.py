"""The attendance page and the add-item page take the meeting's lock like the meeting and item
pages: of two overlapping saves exactly one is stored, the other is told who changed what, stores
nothing and keeps what was entered on the page. Two real requests in two threads on PostgreSQL,
held on the meeting's row until both wait (tests/trust/test_concurrent_editing.py)."""

import datetime

import pytest
from django.urls import reverse

from meetings.forms import LOCK_FIELD
from meetings.models import AgendaItem, Attendance, Meeting, Membership, Person
from tests.factories import ItemFactory, MeetingFactory, SectionFactory
from tests.forms import form_data
from tests.trust.test_concurrent_editing import STALE, _outcome, _post_together, _secretary


def _council(seats=3):
    meeting = MeetingFactory()
    SectionFactory(meeting=meeting, position=1, title="Regionalpolitiske sager")
    members = []
    for n in range(seats):
        members.append(
            Membership.objects.create(
                person=Person.objects.create(name=f"Medlem {n}"),
                body=meeting.body,
                substitute=Person.objects.create(name=f"Stedfortræder {n}"),
                start=datetime.date(2022, 1, 1),
            )
        )
    return meeting, members


def _attendance(meeting):
    return {
        (row.person.name, row.status)
        for row in Attendance.objects.filter(meeting=meeting).select_related("person")
    }


def _absent_with_substitute(page, member):
    """The form as the page sends it with ``member`` unticked and their substitute chosen."""
    data = form_data(page, "attendance_form")
    data["present"] = [p for p in data["present"] if p != str(member.pk)]
    data[f"substitute-{member.pk}"] = str(member.substitute_id)
    return data


def _unticked(html, member) -> bool:
    box = html.split(f'id="present-{member.pk}"', 1)[0].rsplit("<input", 1)[1]
    return "checked" not in box and f'value="{member.pk}"' in box


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_attendance_saves_one_wins_one_is_told_and_keeps_its_entries():
    meeting, members = _council()
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    secretaries = _secretary("helle", "Helle Thomsen"), _secretary("niels", "Niels Bay")
    posts = [
        (client, url, _absent_with_substitute(client.get(url).content.decode(), member))
        for client, member in zip(secretaries, members[:2], strict=True)
    ]

    winner, page = _outcome(_post_together(meeting.pk, posts))

    who = ("Helle Thomsen", "Niels Bay")[winner]
    assert STALE in page and f"{who} tilføjede fremmødet" in page
    away, stayed = members[winner], members[1 - winner]
    assert _attendance(meeting) == {
        *((f"Medlem {n}", "present") for n in range(3) if n != members.index(away)),
        (f"Medlem {members.index(away)}", "absent"),
        (f"Stedfortræder {members.index(away)}", "present"),
    }
    # The loser's page shows what they sent: their member unticked, the substitute chosen.
    assert _unticked(page, stayed)
    chosen = page.split(f'id="substitute-{stayed.pk}"', 1)[1].split("</select>", 1)[0]
    assert f'value="{stayed.substitute_id}" selected' in chosen
    assert Meeting.objects.get(pk=meeting.pk).lock_version == 1


def test_attendance_from_a_page_opened_before_a_meeting_save_is_refused(db):
    meeting, members = _council()
    helle, niels = _secretary("helle", "Helle Thomsen"), _secretary("niels", "Niels Bay")
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    niels_data = _absent_with_substitute(niels.get(url).content.decode(), members[0])

    meeting_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    helle_meeting = form_data(helle.get(meeting_url).content.decode(), "meeting_form")
    helle_meeting["location"] = "Hjørring Rådhus"
    assert helle.post(meeting_url, helle_meeting).status_code == 302

    page = niels.post(url, niels_data)
    html = page.content.decode()
    assert page.status_code == 200
    assert STALE in html and "Helle Thomsen ændrede mødet" in html
    assert _unticked(html, members[0])
    assert Attendance.objects.filter(meeting=meeting).count() == 0
    # Without the page's lock (a hand-made request) nothing is stored either.
    del niels_data["edit_version"]
    assert STALE in niels.post(url, niels_data).content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 0


def _add_page(client, section):
    url = reverse("admin:meetings_agendaitem_add") + f"?section={section.pk}"
    return url, form_data(client.get(url).content.decode(), "agendaitem_form")


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_adds_of_an_item_one_wins_one_is_told_and_keeps_its_entries():
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=1, title="Regionalpolitiske sager")
    titles = ("Vækst Via Viden 2025", "Letbanen, etape 2")
    posts = []
    for client, title in zip(
        (_secretary("helle", "Helle Thomsen"), _secretary("niels", "Niels Bay")),
        titles,
        strict=True,
    ):
        url, data = _add_page(client, section)
        data["title"] = title
        posts.append((client, url, data))

    winner, page = _outcome(_post_together(meeting.pk, posts))

    who = ("Helle Thomsen", "Niels Bay")[winner]
    assert STALE in page and f"{who} tilføjede punktet “{titles[winner]}”" in page
    assert f'value="{titles[1 - winner]}"' in page  # the loser's title is still in the form
    assert list(AgendaItem.objects.filter(section=section).values_list("title", flat=True)) == [
        titles[winner]
    ]
    assert Meeting.objects.get(pk=meeting.pk).lock_version == 1


def test_an_add_page_opened_before_an_item_save_is_refused(db):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=1, title="Regionalpolitiske sager")
    item = ItemFactory(section=section, title="Vækst Via Viden")
    helle, niels = _secretary("helle", "Helle Thomsen"), _secretary("niels", "Niels Bay")
    add_url, niels_data = _add_page(niels, section)
    niels_data["title"] = "Letbanen"

    item_url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    helle_item = form_data(helle.get(item_url).content.decode(), "agendaitem_form")
    helle_item["title"] = "Vækst Via Viden 2025"
    assert helle.post(item_url, helle_item).status_code == 302

    html = niels.post(add_url, niels_data).content.decode()
    assert STALE in html and "Helle Thomsen ændrede punktet “Vækst Via Viden 2025”" in html
    assert 'value="Letbanen"' in html
    assert not AgendaItem.objects.filter(title="Letbanen").exists()
    # Opened again, the page carries the new lock and the item is added.
    add_url, fresh = _add_page(niels, section)
    fresh["title"] = "Letbanen"
    fresh["_addanother"] = "1"
    answer = niels.post(add_url, fresh)
    assert AgendaItem.objects.get(title="Letbanen").section == section
    # "Gem og tilføj endnu et" opens the next add page under the same heading, with the lock.
    assert answer["Location"].endswith(f"?section={section.pk}")
    next_page = form_data(niels.get(answer["Location"]).content.decode(), "agendaitem_form")
    assert next_page["section"] == str(section.pk) and next_page[LOCK_FIELD]
