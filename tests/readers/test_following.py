"""Following the council: the Atom feed with absolute links that a feed reader accepts, and the
calendar and feed discoverable from every page."""

import re

import feedparser
from django.urls import reverse


def test_feed_is_clean_and_its_links_are_absolute(package, client_for):
    response = client_for("anonymous").get(reverse("meetings:feed"))
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    meeting = package["meeting"]
    entry = parsed.entries[0]
    assert entry.link == f"http://testserver/moeder/{meeting.pk}/version/1/"
    hrefs = re.findall(r'href="([^"]+)"', entry.summary)
    assert hrefs == [f"http://testserver/moeder/{meeting.pk}/version/1/pdf/bilag-offentlig.pdf"]
    assert all(link.href.startswith("http://testserver/") for link in parsed.feed.links)


def test_pages_link_the_feed_and_calendars(package, client_for):
    meeting = package["meeting"]
    client = client_for("anonymous")
    for url in (reverse("meetings:meeting_list"), meeting.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert f'href="{reverse("meetings:feed")}"' in html
        assert 'href="webcal://testserver/kalender.ics"' in html
    html = client.get(meeting.get_absolute_url()).content.decode()
    per_body = f"webcal://testserver/organer/{meeting.body.slug}/kalender.ics"
    assert f'href="{per_body}"' in html  # the body's own calendar on its meeting's page
    calendar = client.get(f"/organer/{meeting.body.slug}/kalender.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:M\xc3\xb8de i KKR Nordjylland" in calendar.content
