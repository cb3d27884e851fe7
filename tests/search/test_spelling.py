""" "Mente du …?": a search that finds nothing offers the nearest words of the texts its reader may
find, and never a word only closed text has."""

import re

import pytest
from django.urls import reverse

from tests.factories import BodyFactory
from tests.search.corpus import published_meeting_of, search_page


@pytest.fixture
def spelled(db):
    return published_meeting_of(
        ("Resultatkontrakt for Erhvervshus Nordjylland", "Resultatkontrakten gælder for 2025."),
        ("Beskæftigelsesplan", "Planen for beskæftigelsesindsatsen drøftes."),
        ("Personalesag", "Fratrædelsesgodtgørelsen til direktøren drøftes."),
        closed=(3,),
    )


def _suggestion(html):
    """The suggested search's text and its link, or None."""
    found = re.search(r'Mente du <a href="([^"]*)"[^>]*>(.*?)</a>', html)
    return (found.group(2), found.group(1).replace("&amp;", "&")) if found else None


@pytest.mark.parametrize("role", ["anonymous", "municipality", "council_member", "secretariat"])
def test_a_misspelled_word_is_offered_as_the_text_has_it(spelled, client_for, role):
    client = client_for(role)
    html = search_page(client, "resultatkontakt")
    assert "0 resultater" in html
    text, link = _suggestion(html)
    assert text == "resultatkontrakt"  # as the title writes it
    # The offer finds what the reader meant.
    assert "1 resultat" in client.get(reverse("search:search") + link).content.decode()


def test_only_the_misspelled_words_are_replaced(spelled, client_for):
    html = search_page(client_for("municipality"), "resultatkontakt 2025")
    assert _suggestion(html)[0] == "resultatkontrakt 2025"
    html = search_page(client_for("municipality"), "beskæftigelsesplam -resultatkontrakt")
    assert _suggestion(html)[0] == "beskæftigelsesplan -resultatkontrakt"


def test_two_letters_swapped_are_a_misspelling(spelled, client_for):
    html = search_page(client_for("municipality"), "Nordjyllnad")
    assert _suggestion(html)[0] == "Nordjylland"


def test_the_page_s_filters_go_with_the_offer(spelled, client_for):
    html = search_page(client_for("municipality"), "resultatkontakt", kind="item", order="nyeste")
    _text, link = _suggestion(html)
    assert "kind=item" in link and "order=nyeste" in link and "q=resultatkontrakt&" in link + "&"


def test_filters_that_hide_every_finding_are_offered_away(spelled, client_for):
    other = BodyFactory(slug="beskaeftigelsesudvalget", name="Beskæftigelsesudvalget")
    client = client_for("municipality")
    html = search_page(client, "resultatkontrakt", body=other.slug, order="nyeste")
    assert "0 resultater" in html and "Intet fundet med de valgte filtre." in html
    found = re.search(r'<a href="([^"]*)">Se (\d+) resultat uden filtre</a>', html)
    assert found.group(2) == "1"
    link = found.group(1).replace("&amp;", "&")
    assert "body=" not in link and "order=nyeste" in link
    assert "1 resultat" in client.get(reverse("search:search") + link).content.decode()
    # A filter that hides nothing the reader may find offers nothing; closed findings are not
    # counted for those who may not find them.
    assert "uden filtre" not in search_page(client, "vindmøllepark", body=other.slug)
    assert "uden filtre" not in search_page(client, "fratrædelsesgodtgørelsen", body=other.slug)
    member = search_page(client_for("council_member"), "fratrædelsesgodtgørelsen", body=other.slug)
    assert "Se 1 resultat uden filtre" in member


def test_a_word_only_closed_text_has_is_offered_to_members_only(spelled, client_for):
    for role in ("anonymous", "municipality"):
        html = search_page(client_for(role), "fratrædelsesgodtgørelse")
        assert _suggestion(html) is None, role
        html = search_page(client_for(role), "fratrædelsesgodgørelsen")
        assert _suggestion(html) is None, role
        assert "fratrædelsesgodtgørelsen" not in html.lower()
    html = search_page(client_for("council_member"), "fratrædelsesgodgørelsen")
    assert _suggestion(html)[0] == "fratrædelsesgodtgørelsen"


def test_nothing_is_offered_when_something_is_found_or_nothing_is_near(spelled, client_for):
    client = client_for("municipality")
    assert _suggestion(search_page(client, "resultatkontrakt")) is None
    assert _suggestion(search_page(client, "vindmøllepark")) is None
    # Another word that shares a part is not a misspelling.
    assert _suggestion(search_page(client, "resultatmåling")) is None
    # Each word is known, but no text has both: nothing to offer.
    assert _suggestion(search_page(client, "resultatkontrakten beskæftigelsesplan")) is None


def test_markup_in_the_search_stays_text(spelled, client_for):
    html = search_page(client_for("anonymous"), "resultatkontakt <i>")
    # The page's title names the search (a tab, the browser's history), as text.
    assert "<title>“resultatkontakt &lt;i&gt;” – Søg – KKR Nordjylland</title>" in html
    assert "resultatkontrakt <i>" not in html
    assert _suggestion(html)[0] == "resultatkontrakt &lt;i&gt;"
