"""Two secretaries editing one meeting (issue 14, findings 2 and 5).

The concurrent tests run two real requests in two threads, each on its own PostgreSQL
connection. The test holds the meeting's row lock (SELECT … FOR UPDATE on a third connection)
until both requests have validated and wait on their save, then lets go: exactly one save may
win, the other must get the Danish message, and nothing of the winner's may be lost.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from meetings.rules import SECRETARIAT
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, user_with_role
from tests.forms import form_data

STALE = "ændret af en anden"


def _secretary(name, full):
    user = user_with_role(name, SECRETARIAT)
    user.first_name, user.last_name = full.split()
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_secretaries(db):
    return _secretary("helle", "Helle Thomsen"), _secretary("niels", "Niels Bay")


def _waiting_on_locks() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _post_together(meeting_pk, posts):
    """Run the posts in threads while the meeting row is held; release once all are waiting."""
    results = [None] * len(posts)

    def run(index, client, url, data):
        try:
            results[index] = client.post(url, data)
        finally:
            connection.close()

    blocker = connections.create_connection("default")
    blocker.set_autocommit(False)
    with blocker.cursor() as cursor:
        cursor.execute("SELECT id FROM meetings_meeting WHERE id = %s FOR UPDATE", [meeting_pk])
    threads = [
        threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while _waiting_on_locks() < len(posts) and time.monotonic() < deadline:
        time.sleep(0.05)
    waiting = _waiting_on_locks()
    blocker.commit()
    blocker.close()
    for thread in threads:
        thread.join(60)
    assert waiting == len(posts), "both saves should have been waiting on the meeting's lock"
    return results


def _outcome(responses):
    won = [r for r in responses if r.status_code == 302]
    lost = [r for r in responses if r.status_code == 200]
    assert len(won) == 1 and len(lost) == 1, [r.status_code for r in responses]
    return responses.index(won[0]), lost[0].content.decode()


def _save_together(meeting, url, form_id, field, entries):
    """Helle and Niels open the same page, each enters a value in one field, both save at once:
    one save wins, the other gets the page back told so. Returns the winner, that page and who won."""
    secretaries = _secretary("helle", "Helle Thomsen"), _secretary("niels", "Niels Bay")
    posts = []
    for client, entry in zip(secretaries, entries, strict=True):
        form = form_data(client.get(url).content.decode(), form_id)
        form[field] = entry
        posts.append((client, url, form))
    winner, page = _outcome(_post_together(meeting.pk, posts))
    assert STALE in page
    return winner, page, ("Helle Thomsen", "Niels Bay")[winner]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("model", "field", "entries", "told"),
    [
        pytest.param(
            "meeting",
            "location",
            ("Hjørring Rådhus", "Thisted Rådhus"),
            "{who} ændrede mødet",
            id="meeting page",
        ),
        pytest.param(
            "agendaitem",
            "title",
            ("Vækst Via Viden 2024", "Vækst Via Viden – permanent"),
            "{who} ændrede punktet “{entry}”",
            id="item page",
        ),
    ],
)
def test_two_overlapping_saves_of_one_page_one_wins_one_is_told(model, field, entries, told):
    meeting = MeetingFactory(location="Aalborg Rådhus")
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Vækst Via Viden")
    edited = {"meeting": meeting, "agendaitem": item}[model]
    url = reverse(f"admin:meetings_{model}_change", args=[edited.pk])

    winner, page, who = _save_together(meeting, url, f"{model}_form", field, entries)

    edited.refresh_from_db()
    assert getattr(edited, field) == entries[winner]
    assert told.format(who=who, entry=entries[winner]) in page
    assert f'value="{entries[1 - winner]}"' in page  # the loser's entry is still in the form
    assert edited.history.count() == 2  # created + the one save
    meeting.refresh_from_db()
    assert meeting.lock_version == 1  # an item's save moves its meeting's lock on too


def test_item_page_save_moves_the_meeting_lock_on(two_secretaries):
    """Finding 2: an item saved on its own page is not reverted by an older meeting page."""
    helle, niels = two_secretaries
    meeting = MeetingFactory(location="Aalborg")
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Vækst Via Viden")
    meeting_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    niels_meeting = form_data(niels.get(meeting_url).content.decode(), "meeting_form")

    item_url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    helle_item = form_data(helle.get(item_url).content.decode(), "agendaitem_form")
    helle_item["title"] = "Vækst Via Viden 2024"
    assert helle.post(item_url, helle_item).status_code == 302

    niels_meeting["location"] = "Hjørring"
    page = niels.post(meeting_url, niels_meeting)
    assert page.status_code == 200
    html = page.content.decode()
    assert STALE in html and "Helle Thomsen ændrede punktet “Vækst Via Viden 2024”" in html
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.title, meeting.location) == ("Vækst Via Viden 2024", "Aalborg")


def test_sequential_stale_save_is_refused_then_accepted_after_reload(two_secretaries):
    helle, niels = two_secretaries
    meeting = MeetingFactory(location="Aalborg")
    ItemFactory(section=SectionFactory(meeting=meeting))
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    helle_form = form_data(helle.get(url).content.decode(), "meeting_form")
    niels_form = form_data(niels.get(url).content.decode(), "meeting_form")
    helle_form["location"] = "Hjørring"
    assert helle.post(url, helle_form).status_code == 302
    niels_form["location"] = "Thisted"
    html = niels.post(url, niels_form).content.decode()
    assert STALE in html and "Helle Thomsen ændrede mødet" in html
    fresh = form_data(niels.get(url).content.decode(), "meeting_form")
    fresh["location"] = "Thisted"
    assert niels.post(url, fresh).status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Thisted"


def test_meeting_history_revert_uses_the_current_lock(two_secretaries):
    """Finding 5: restoring an earlier version of a meeting used to always be refused."""
    helle, _ = two_secretaries
    meeting = MeetingFactory(location="Aalborg Rådhus")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = form_data(helle.get(url).content.decode(), "meeting_form")
    form["location"] = "Forkert sted"
    assert helle.post(url, form).status_code == 302
    first = Meeting.history.filter(id=meeting.pk).earliest("history_date")
    revert_url = reverse(
        "admin:meetings_meeting_simple_history", args=[meeting.pk, first.history_id]
    )
    form = form_data(helle.get(revert_url).content.decode(), "historicalmeeting_form")
    assert form["location"] == "Aalborg Rådhus"
    response = helle.post(revert_url, form)
    assert response.status_code == 302, STALE in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.location == "Aalborg Rådhus"
    assert meeting.lock_version == 2


def test_item_history_revert_restores_the_text(two_secretaries):
    helle, _ = two_secretaries
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), presentation="<p>Første tekst</p>")
    item.presentation = "<p>Forkert rettelse</p>"
    item.save()
    html = helle.get(reverse("admin:meetings_agendaitem_history", args=[item.pk])).content.decode()
    assert "Forkert rettelse" in html
    first = item.history.earliest("history_date")
    revert_url = reverse(
        "admin:meetings_agendaitem_simple_history", args=[item.pk, first.history_id]
    )
    form = form_data(helle.get(revert_url).content.decode(), "historicalagendaitem_form")
    assert "Første tekst" in form["presentation"]
    response = helle.post(revert_url, form)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.presentation == "<p>Første tekst</p>"
    assert item.history.count() == 3
