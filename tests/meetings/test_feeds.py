"""The iCalendar and Atom feeds: valid for their clients, and public content only."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services


def _events(client, url):
    calendar = Calendar.from_ical(client.get(url).content)
    return [component for component in calendar.walk("VEVENT")]


def test_calendar_parses_and_round_trips(package, client_for):
    client = client_for("anonymous")
    response = client.get(reverse("meetings:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    (event,) = calendar.walk("VEVENT")
    meeting = package["meeting"]
    assert str(event["UID"]) == f"{meeting.uid}@kkr-portal"
    assert event.decoded("DTSTART") == meeting.start
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert str(event["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize("role", ["secretariat", "council_member", "municipality", "anonymous"])
def test_calendar_has_no_drafts_for_anyone(role, package, client_for):
    summaries = [str(e["SUMMARY"]) for e in _events(client_for(role), reverse("meetings:calendar"))]
    assert summaries == ["Møde i KKR Nordjylland"]


def test_moved_and_cancelled_meetings_keep_their_uid_and_update(package, client_for):
    client = client_for("anonymous")
    url = reverse("meetings:body_calendar", args=[package["meeting"].body.slug])
    (before,) = _events(client, url)
    meeting = package["meeting"]
    published_start = meeting.start
    meeting.start += datetime.timedelta(days=7)
    services.meeting_save(meeting=meeting)
    # A move is news for the calendars once it is published, not while it is a draft edit.
    (unpublished,) = _events(client, url)
    assert unpublished.decoded("DTSTART") == published_start
    services.meeting_publish(meeting=meeting)
    (moved,) = _events(client, url)
    assert moved["UID"] == before["UID"]
    assert moved.decoded("DTSTART") == meeting.start
    assert int(moved["SEQUENCE"]) > int(before["SEQUENCE"])
    meeting.cancelled = True
    services.meeting_save(meeting=meeting)
    assert str(_events(client, url)[0]["STATUS"]) == "CONFIRMED"
    services.meeting_publish(meeting=meeting)
    (cancelled,) = _events(client, url)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert client.get(reverse("meetings:body_calendar", args=["findes-ikke"])).status_code == 404


def test_atom_feed_parses_without_errors_and_shows_public_content(package, client_for):
    meeting = package["meeting"]
    services.meeting_publish_minutes(meeting=meeting)
    feed = feedparser.parse(client_for("anonymous").get(reverse("meetings:feed")).content)
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert titles[0].startswith("Referat: Møde i KKR Nordjylland") and "(version 2)" in titles[0]
    assert titles[1].startswith("Dagsorden:") and "(version 1)" in titles[1]
    links = [entry.link for entry in feed.entries]
    assert links[1].endswith(reverse("meetings:meeting_version", args=[meeting.pk, 1]))
    content = " ".join(entry.summary for entry in feed.entries)
    assert "bilag-offentlig" in content and "bilag-medlemmer" not in content
    assert "KLADDEMØDE" not in feed.feed.get("title", "") + " ".join(titles)
