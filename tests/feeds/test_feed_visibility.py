"""The calendar and the Atom feed leave the portal unauthenticated: for every role they carry
published, open content only, also after corrections that touch closed items and annexes."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Body
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add

ROLES = ("secretariat", "council_member", "municipality", "anonymous")
SECRETS = (
    "LUKKETTEKST",
    "LUKKETBILAG",
    "LUKKETPUNKTBILAG",
    "Fortroligt notat",
    "Hemmeligt tillæg",
    "HEMMELIGBESLUTNING",
    "KLADDEMØDE",
    "Kladdepunkt",
    "bilag-medlemmer",
)


@pytest.fixture
def corrected(package):
    """Version 2 adds a closed annex and changes the closed item's text."""
    annex_add(package["closed_item"], title="Hemmeligt tillæg", closed=True, text="LUKKETBILAG")
    item = package["closed_item"]
    item.presentation = "<p>LUKKETTEKST rettet</p>"
    item.save()
    services.meeting_publish(meeting=package["meeting"])
    return package


@pytest.mark.parametrize("role", ROLES)
def test_atom_feed_has_no_closed_draft_or_undecided_content(role, corrected, client_for):
    response = client_for(role).get(reverse("meetings:feed"))
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text, (role, secret)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title.split(" (")[-1] for entry in feed.entries] == ["version 2)", "version 1)"]
    newest = feed.entries[0].summary
    assert "Bilag 2 til punkt 1.2 er tilføjet: lukket bilag." in newest
    assert "Teksten i punkt 1.2 Udpegninger er ændret." in newest


@pytest.mark.parametrize("role", ROLES)
def test_atom_feed_links_to_the_meeting_and_the_public_pdfs(role, package, client_for):
    feed = feedparser.parse(client_for(role).get(reverse("meetings:feed")).content)
    (entry,) = feed.entries
    meeting = package["meeting"]
    assert entry.link == "http://testserver" + reverse(
        "meetings:meeting_version", args=[meeting.pk, 1]
    )
    pdf = reverse("meetings:document_version_download", args=[meeting.pk, 1, "bilag-offentlig"])
    assert f'href="http://testserver{pdf}"' in entry.summary  # absolute: feed readers need it
    # The linked PDF is one anyone may fetch.
    assert client_for("anonymous").get(pdf).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_calendars_show_published_meetings_only(role, corrected, client_for):
    client = client_for(role)
    other = Body.objects.create(slug="sundhedskoordinationsudvalg", name="Sundhedsudvalg")
    elsewhere = MeetingFactory(body=other, title="Møde i udvalget")
    ItemFactory(section=SectionFactory(meeting=elsewhere))
    services.meeting_publish(meeting=elsewhere)
    urls = {
        "all": reverse("meetings:calendar"),
        "kkr": reverse("meetings:body_calendar", args=[corrected["meeting"].body.slug]),
        "other": reverse("meetings:body_calendar", args=[other.slug]),
    }
    summaries = {}
    for name, url in urls.items():
        response = client.get(url)
        for secret in SECRETS:
            assert secret not in response.content.decode(), (role, name, secret)
        calendar = Calendar.from_ical(response.content)
        summaries[name] = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == {
        "all": ["Møde i KKR Nordjylland", "Møde i udvalget"],
        "kkr": ["Møde i KKR Nordjylland"],
        "other": ["Møde i udvalget"],
    }


def test_calendar_events_round_trip(package, client_for):
    content = client_for("anonymous").get(reverse("meetings:calendar")).content
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    (again,) = Calendar.from_ical(Calendar.from_ical(content).to_ical()).walk("VEVENT")
    for field in ("UID", "SUMMARY", "LOCATION", "STATUS", "SEQUENCE", "URL"):
        assert str(again[field]) == str(event[field])
    assert again.decoded("DTSTART") == event.decoded("DTSTART") == package["meeting"].start
    assert again.decoded("DTEND") - again.decoded("DTSTART") == datetime.timedelta(hours=3)
    assert str(event["URL"]).endswith(package["meeting"].get_absolute_url())
