"""Two secretaries editing one meeting: the second save is refused and told what changed."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import AgendaItem
from meetings.rules import SECRETARIAT
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, user_with_role
from tests.forms import form_data


@pytest.fixture
def two_secretaries(db):
    clients = []
    for name, full in (("helle", "Helle Thomsen"), ("niels", "Niels Bay")):
        user = user_with_role(name, SECRETARIAT)
        user.first_name, user.last_name = full.split()
        user.save()
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_second_save_is_refused_with_what_changed(two_secretaries):
    helle, niels = two_secretaries
    meeting = MeetingFactory()
    ItemFactory(section=SectionFactory(meeting=meeting), title="Vækst Via Viden")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    helle_form = form_data(helle.get(url).content.decode(), "meeting_form")
    niels_form = form_data(niels.get(url).content.decode(), "meeting_form")

    helle_form["sections-0-items-0-title"] = "Vækst Via Viden 2024"
    assert helle.post(url, helle_form).status_code == 302

    niels_form["sections-0-items-0-title"] = "Vækst Via Viden – permanent"
    response = niels.post(url, niels_form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ændret af en anden" in html
    assert "Helle Thomsen ændrede punktet “Vækst Via Viden 2024”" in html
    assert AgendaItem.objects.get().title == "Vækst Via Viden 2024"  # Helle's save stands

    # Niels reloads and saves his change on top of Helle's.
    fresh = form_data(niels.get(url).content.decode(), "meeting_form")
    fresh["sections-0-items-0-title"] = "Vækst Via Viden – permanent"
    assert niels.post(url, fresh).status_code == 302
    assert AgendaItem.objects.get().title == "Vækst Via Viden – permanent"


def test_history_is_readable_and_restores_an_item(two_secretaries):
    helle, _ = two_secretaries
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), presentation="<p>Første tekst</p>")
    item.presentation = "<p>Forkert rettelse</p>"
    item.save()
    history_url = reverse("admin:meetings_agendaitem_history", args=[item.pk])
    html = helle.get(history_url).content.decode()
    assert "Forkert rettelse" in html  # the history lists what each change did
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
