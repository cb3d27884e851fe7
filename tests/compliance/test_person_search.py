"""The secretariat's search for one person finds every place, closed and old content included."""

import csv
import io

import pytest
from django.urls import reverse

from compliance.person_search import person_search
from meetings import services
from search.services import annex_text_extract
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


@pytest.fixture
def old_closed_annex(db):
    """A name and CPR number in a closed annex of version 1 only: version 2 replaced it."""
    meeting = MeetingFactory(title="Møde om udpegninger")
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Udpegning", closed=True,
                       presentation="<p>Indstilling om Karen Ølgaard Sørensen</p>")  # fmt: skip
    annex = annex_add(item, title="Ansøgning", text="Ansøger Karen Ølgaard Sørensen 010203-1234")
    annex_text_extract(annex_id=annex.pk)
    services.meeting_publish(meeting=meeting)
    annex.delete()
    item.presentation = "<p>Omtale fjernet</p>"
    item.save()
    services.meeting_publish(meeting=meeting)
    return meeting


def test_a_name_in_a_closed_annex_of_an_old_version_is_found(old_closed_annex):
    places = person_search("karen  ølgaard sørensen")
    found = {(p.where, p.part, p.closed) for p in places}
    assert ("Version 1", "Bilag: Ansøgning", True) in found
    assert ("Version 1", "Sagsfremstilling", True) in found
    assert not any(p.where == "Version 2" for p in places)  # the name left in version 2
    assert not any(p.where == "Kladde" for p in places)
    annex_place = next(p for p in places if p.part == "Bilag: Ansøgning")
    assert "Karen Ølgaard Sørensen 010203-1234" in annex_place.context


@pytest.mark.parametrize("query", ["010203-1234", "0102031234", "010203 1234"])
def test_a_cpr_number_is_found_in_any_spelling(old_closed_annex, query):
    assert {(p.where, p.part) for p in person_search(query)} == {("Version 1", "Bilag: Ansøgning")}


def test_short_or_empty_queries_find_nothing(old_closed_annex):
    assert person_search("") == [] and person_search("ka") == []


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_may_search_for_a_person(role, old_closed_annex, client_for):
    response = client_for(role).get(reverse("compliance:person_search"), {"q": "Ølgaard"})
    if role != "secretariat":
        assert response.status_code == 404
        assert "Ølgaard" not in response.content.decode()
        return
    page = response.content.decode()
    assert "Ansøgning" in page and "Version 1" in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_list_exports_as_csv_without_formulas(old_closed_annex, client_for):
    meeting = MeetingFactory(title="Andet møde")
    ItemFactory(section=SectionFactory(meeting=meeting), title="=HYPERLINK(Ølgaard)")
    response = client_for("secretariat").get(
        reverse("compliance:person_search"), {"q": "Ølgaard", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Møde", "Hvor", "Punkt", "Del", "Lukket", "Uddrag"]
    assert {row[3] for row in rows[1:]} >= {"Bilag: Ansøgning", "Sagsfremstilling", "Titel"}
    formula = next(row for row in rows[1:] if row[3] == "Titel")
    assert formula[5] == "'=HYPERLINK(Ølgaard)"
