"""What each role reads on the meeting list and the meeting page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.text import danish_sort_key, format_danish_number
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_meeting_page_shows_exactly_what_the_role_may_read(role, package, client_for):
    page = client_for(role).get(reverse("meetings:meeting_detail", args=[package["meeting"].pk]))
    html = page.content.decode()
    may_see_closed = role in ("secretariat", "council_member")
    assert "ÅBENTEKST" in html
    assert "Udpegninger" in html  # a closed item's number and title are public
    assert ("LUKKETTEKST" in html) is may_see_closed
    assert ("Fortroligt notat" in html) is may_see_closed
    assert ("Indstillinger" in html) is may_see_closed
    assert "HEMMELIGBESLUTNING" not in html  # decisions wait for the minutes
    assert ("Lukket bilag" in html) is not may_see_closed


@pytest.mark.parametrize("role", ROLES)
def test_meeting_list_hides_drafts_except_from_secretariat(role, package, client_for):
    html = client_for(role).get(reverse("meetings:meeting_list")).content.decode()
    assert "Møde i KKR Nordjylland" in html
    assert ("KLADDEMØDE" in html) is (role == "secretariat")


def test_decisions_appear_with_the_minutes(package, client_for):
    services.meeting_publish_minutes(meeting=package["meeting"])
    html = client_for("anonymous").get(package["meeting"].get_absolute_url()).content.decode()
    assert "HEMMELIGBESLUTNING" in html
    assert "LUKKETTEKST" not in html


def test_older_version_stays_readable_and_draft_edits_do_not_leak(package, client_for):
    item = package["open_item"]
    item.presentation = "<p>RETTETTEKST</p>"
    item.save()
    anonymous = client_for("anonymous")
    url = package["meeting"].get_absolute_url()
    assert "RETTETTEKST" not in anonymous.get(url).content.decode()
    services.meeting_publish(meeting=package["meeting"])
    html = anonymous.get(url).content.decode()
    assert "RETTETTEKST" in html and "Ændret siden version 1" in html
    old = anonymous.get(reverse("meetings:meeting_version", args=[package["meeting"].pk, 1]))
    assert "ÅBENTEKST" in old.content.decode()


def _meeting_with_items(count):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting)
    for index in range(count):
        item = ItemFactory(section=section, position=index + 1, closed=index % 2 == 1)
        annex_add(item, title=f"Bilag {index}")
    services.meeting_publish(meeting=meeting)
    return meeting


@pytest.mark.parametrize("role", ["secretariat", "anonymous"])
def test_query_counts_do_not_grow_with_items(role, client_for, db):
    client = client_for(role)
    counts = []
    for size in (1, 10):
        meeting = _meeting_with_items(size)
        with CaptureQueriesContext(connection) as detail:
            response = client.get(meeting.get_absolute_url())
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("meetings:meeting_list")).status_code == 200
        counts.append((len(detail), len(listing)))
    assert counts[0] == counts[1]


def test_danish_conventions():
    names = ["Aalborg", "Brønderslev", "Læsø", "Morsø", "Thisted", "Ærø", "Øster Hurup"]
    assert sorted(names, key=danish_sort_key)[-3:] == ["Ærø", "Øster Hurup", "Aalborg"]
    assert format_danish_number("1771663.125", 2) == "1.771.663,13"
    assert format_danish_number(-1234, 0) == "-1.234"


def test_danish_unless_english_is_chosen(package, client):
    url = package["meeting"].get_absolute_url()
    browser_says_english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert browser_says_english["Content-Language"] == "da"
    assert 'lang="da"' in browser_says_english.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    chosen = client.get(url)
    assert chosen["Content-Language"] == "en"
    assert 'lang="en"' in chosen.content.decode()
