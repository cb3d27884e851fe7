"""Search results that read well: words kept apart where blocks meet, snippets cut at word
boundaries with "…", year and type as choices with only what the reader can find."""

import re

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from search import services
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

LONG = " ".join(f"ord{n}" for n in range(400))


@pytest.fixture
def corpus(db):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting)
    ItemFactory(
        section=section, position=1, title="Vækst Via Viden",
        recommendation="<p>Det indstilles at KKR Nordjylland</p><ul><li>Anmoder om opbakning</li></ul>",
        presentation=f"<p>{LONG} jobcentrene samarbejder om match {LONG}</p>",
    )  # fmt: skip
    meeting_services.meeting_publish(meeting=meeting)
    services.rebuild_all()
    return meeting


def _search(client, **params):
    return client.get(reverse("search:search"), params).content.decode()


def test_words_from_neighbouring_blocks_stay_apart(corpus, client_for):
    html = _search(client_for("anonymous"), q="anmoder")
    assert "NordjyllandAnmoder" not in html
    assert "Nordjylland <mark>Anmoder</mark>" in html


def test_snippets_stop_at_word_boundaries_with_an_ellipsis(corpus, client_for):
    html = _search(client_for("anonymous"), q="jobcentrene")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    words = snippet.replace("<mark>", "").replace("</mark>", "").strip("… ").split()
    assert all(re.fullmatch(r"ord\d+|jobcentrene|samarbejder|om|match|…", w) for w in words), words
    assert "<mark>jobcentrene</mark>" in snippet


def test_year_and_type_are_choices_of_what_exists(corpus, client_for):
    html = _search(client_for("anonymous"), q="match")
    year = re.search(r'<select name="year"[^>]*>(.*?)</select>', html, re.S).group(1)
    kind = re.search(r'<select name="kind"[^>]*>(.*?)</select>', html, re.S).group(1)
    start = corpus.start.year
    assert re.findall(r'<option value="([^"]*)"', year) == ["", str(start)]
    assert re.findall(r'<option value="([^"]*)"', kind) == ["", "item"]
    assert '<span class="badge">dagsordenpunkt</span>' in html  # the result type in words
