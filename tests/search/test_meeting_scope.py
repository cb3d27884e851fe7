"""A search kept to one meeting's package (the meeting page's search box): only that meeting's
findings, the meeting named as its readers are told of it, and nothing about a meeting the
reader may not find anything in."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from tests.search.corpus import published_meeting_of, result_titles

ROLES = ["anonymous", "municipality", "council_member", "secretariat"]


@pytest.fixture
def two(db):
    first = published_meeting_of(
        ("Trafikplan", "Busbetjeningen af yderområderne styrkes."),
        ("Personalesag", "Busbetjeningen drøftes med chaufførernes tillidsrepræsentant."),
        closed=(2,),
    )
    second = published_meeting_of(("Kollektiv trafik", "Busbetjeningen i Thisted."))
    return first, second


def _page(client, **params):
    return client.get(reverse("search:search"), params).content.decode()


def _within(html):
    found = re.search(r'<p class="within">(.*?) <a href="\?([^"]*)">Søg i alle møder</a>', html)
    return (found.group(1), found.group(2).replace("&amp;", "&")) if found else None


@pytest.mark.parametrize("role", ROLES)
def test_a_search_in_one_meeting_finds_that_meeting_only(two, client_for, role):
    first, _second = two
    client = client_for(role)
    html = _page(client, q="busbetjeningen", meeting=first.pk)
    members = role in ("council_member", "secretariat")
    titles = result_titles(html)
    assert sorted(titles) == (
        ["1.1 Trafikplan", "1.2 Personalesag"] if members else ["1.1 Trafikplan"]
    )
    told, everywhere = _within(html)
    day = timezone.localtime(first.start)
    assert told == f"Søger kun i mødepakken: {first.title} {day.day}. {_month(day)} {day.year}."
    assert "meeting" not in everywhere and "q=busbetjeningen" in everywhere
    assert len(result_titles(_page(client, q="busbetjeningen"))) == (3 if members else 2)
    # The next search from the page stays in the meeting; no saved search for one meeting.
    assert f'<input type="hidden" name="meeting" value="{first.pk}"' in html
    assert "Få besked om nye fund" not in html


def _month(day):
    from django.utils.dateformat import format as date_format

    return date_format(day, "F")


def test_the_meeting_is_named_as_published(two, client_for):
    first, _second = two
    first.title = "UPUBLICERETTITEL"
    first.save()
    html = _page(client_for("municipality"), q="busbetjeningen", meeting=first.pk)
    assert "UPUBLICERETTITEL" not in html and _within(html) is not None


@pytest.mark.parametrize("role", ROLES)
def test_a_meeting_with_nothing_to_find_is_not_named(two, client_for, role):
    from tests.factories import ItemFactory, MeetingFactory, SectionFactory

    draft = MeetingFactory(title="KLADDEMØDE")
    ItemFactory(section=SectionFactory(meeting=draft), title="Busbetjeningen i kladden")
    html = _page(client_for(role), q="busbetjeningen", meeting=draft.pk)
    assert "KLADDEMØDE" not in html and "kladden" not in html and _within(html) is None
    assert "0 resultater" in html and "Intet fundet med de valgte filtre." in html
    # Nor a number that is no meeting at all, nor what is no number: the same page.
    for wrong in (999999, 99999999999999999999, "1.5", "abc", -1):
        html = _page(client_for(role), q="busbetjeningen", meeting=wrong)
        assert "0 resultater" in html and _within(html) is None


def test_the_meeting_page_searches_its_package(two, client_for, users):
    first, _second = two
    client = client_for("municipality")
    page = client.get(reverse("meetings:meeting_detail", args=[first.pk])).content.decode()
    assert 'name="q"' in page and f'name="meeting" value="{first.pk}"' in page
    meeting_services.version_withdraw(
        version=first.versions.get(), user=users["secretariat"], reason="Fejl"
    )
    page = (
        client_for("secretariat")
        .get(reverse("meetings:meeting_detail", args=[first.pk]))
        .content.decode()
    )
    assert "Søg i mødepakken" not in page


def test_the_pages_of_results_name_their_page_once(db, client_for):
    """The links to the next and previous page and to the feed keep the search and its
    filters, and name one page (a link that added its page again grew without end)."""
    from urllib.parse import parse_qs

    meeting = published_meeting_of(*[(f"Punkt {n}", "Busbetjeningen drøftes.") for n in range(45)])
    client = client_for("municipality")
    html = _page(client, q="busbetjeningen", meeting=meeting.pk)
    for side in ("2", "3", "2", "1"):
        links = dict(re.findall(r'<a href="\?([^"]*)">(Forrige|Næste)</a>', html))
        link = next(
            href
            for href, name in links.items()
            if parse_qs(href.replace("&amp;", "&"))["side"] == [side]
        )
        params = parse_qs(link.replace("&amp;", "&"))
        assert params == {"q": ["busbetjeningen"], "meeting": [str(meeting.pk)], "side": [side]}
        html = _page(client, **{k: v[0] for k, v in params.items()})
        feed = re.search(r'href="/soeg/feed/\?([^"]*)"', html).group(1).replace("&amp;", "&")
        assert parse_qs(feed) == {"q": ["busbetjeningen"], "meeting": [str(meeting.pk)]}
