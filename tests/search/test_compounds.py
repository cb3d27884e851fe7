"""Danish compound words: a part of a compound finds it ("kontrakt" finds "Resultatkontrakten"),
after the texts that have the word itself, and never past what a reader may find."""

import re

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from search import selectors, services
from search.models import Word
from tests.search.corpus import meeting_of, published_meeting_of, results


@pytest.fixture
def contracts(db):
    return published_meeting_of(
        ("Resultatkontrakt for Erhvervshus Nordjylland", "Resultatkontrakten gælder for 2024."),
        ("Rengøring af mødelokaler", "En ny kontrakt om rengøring er indgået."),
        ("Bilagssamlingen trykkes ikke", "Socialtilsynets takster er uændrede."),
        ("Rådhuset i Aalborg", "Mødet holdes på rådhuset."),
    )


def _titles(q, user=None):
    return [entry.title for entry in selectors.search(selectors.entries_for(user), q)]


def test_a_part_of_a_compound_finds_it_after_the_word_itself(contracts):
    assert _titles("kontrakt") == [
        "1.2 Rengøring af mødelokaler",
        "1.1 Resultatkontrakt for Erhvervshus Nordjylland",
    ]
    assert _titles("kontrakter") == _titles("kontrakt")


def test_the_compound_is_marked_in_the_snippet(contracts, client_for):
    count, html = results(client_for("anonymous"), "kontrakt")
    assert count == 2
    assert "<mark>Resultatkontrakten</mark> gælder" in html
    assert "<mark>kontrakt</mark> om rengøring" in html


def test_linking_letters_and_endings_are_found(contracts):
    assert _titles("bilag") == ["1.3 Bilagssamlingen trykkes ikke"]
    assert _titles("tilsyn") == ["1.3 Bilagssamlingen trykkes ikke"]


def test_a_short_term_finds_only_itself(contracts):
    # "råd" stands inside "rådhus", "rådgivning" and many more: three letters stay exact.
    assert _titles("råd") == []


def test_a_phrase_and_a_minus_widen_the_same_way(contracts):
    assert _titles('"ny kontrakt"') == ["1.2 Rengøring af mødelokaler"]
    assert _titles("nordjylland -kontrakt") == []
    assert _titles("erhvervshus -rengøring") == ["1.1 Resultatkontrakt for Erhvervshus Nordjylland"]


def test_a_compound_in_closed_text_is_found_by_members_only(db, client_for):
    published_meeting_of(
        ("Aftale om busdrift", "Aftalen forlænges."),
        ("Personalesag", "Fratrædelsesaftalen med direktøren drøftes."),
        closed=(2,),
    )
    for role in ("anonymous", "municipality"):
        count, html = results(client_for(role), "aftale")
        assert count == 1, role
        assert "Fratrædelses" not in html and "Personalesag" not in html
    count, html = results(client_for("council_member"), "aftale")
    assert count == 2
    assert "<mark>Fratrædelsesaftalen</mark> med direktøren" in html
    # A member sees which finding is closed, as on the meeting's page.
    closed = re.search(
        r"<li><a [^>]*><span>1\.2 Personalesag</span></a>(.*?)</li>", html, re.S
    ).group(1)
    opened = re.search(
        r"<li><a [^>]*><span>1\.1 <mark>Aftale</mark> om busdrift</span></a>(.*?)</li>", html, re.S
    )
    opened = opened.group(1)
    assert '<span class="badge closed">Lukket</span>' in closed
    assert "Lukket" not in opened


def test_words_leave_with_the_text_that_had_them(
    contracts, client_for, django_capture_on_commit_callbacks
):
    assert Word.objects.filter(lexeme="resultatkontrak").exists()
    item = contracts.sections.get().items.get(position=1)
    item.title = "Vækstplan for Erhvervshus Nordjylland"
    item.presentation = "<p>Planen gælder for 2024.</p>"
    item.save()
    meeting_services.meeting_publish(meeting=contracts)
    services.meeting_index(meeting_id=contracts.pk)
    assert not Word.objects.filter(lexeme="resultatkontrak").exists()
    assert Word.objects.filter(lexeme="bilagssamling").exists()
    assert _titles("plan") == ["1.1 Vækstplan for Erhvervshus Nordjylland"]

    # Another meeting has one of its words: that word stays when this meeting goes.
    other = meeting_of(("Mødeplan", "Bilagssamlingen sendes ud."))
    meeting_services.meeting_publish(meeting=other)
    services.meeting_index(meeting_id=other.pk)
    client = client_for("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:meetings_meeting_delete", args=[contracts.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Word.objects.filter(lexeme__in=["vækstplan", "socialtilsyn"]).exists()
    assert Word.objects.filter(lexeme="bilagssamling").exists()
    assert _titles("tilsyn") == []
    assert _titles("bilag") == ["1.1 Mødeplan"]


def test_numbers_joined_by_a_hyphen_are_found_by_each(db, client_for):
    meeting = published_meeting_of(
        ("Beskæftigelsespolitik 2022-2025", "Fokuspunkterne gælder for perioden 2022-2025."),
        ("Budget", "Et underskud på -500 kr. dækkes."),
    )
    case_number = meeting.sections.get().items.get(position=1).case_number
    assert _titles("2025") == ["1.1 Beskæftigelsespolitik 2022-2025"]
    assert _titles("2022-2025") == ["1.1 Beskæftigelsespolitik 2022-2025"]
    assert _titles("2025-2022") == []
    assert _titles(case_number.split("-")[-1]) == _titles(case_number)
    assert len(_titles(case_number)) == 2
    count, html = results(client_for("anonymous"), "2025")
    assert count == 1
    # The snippet shows the text as it is, the number marked.
    assert "perioden 2022-<mark>2025</mark>" in html
    assert _titles("500") == ["1.2 Budget"]


def test_forms_the_stemmer_keeps_apart_find_each_other(db):
    # Danish stemming: "budget" → budg, "budgetter" and "budgettet" → budget; "læreplads" →
    # læreplad, "lærepladser" → læreplads.
    published_meeting_of(
        ("Budget for sekretariatet", "Budgettet er vedtaget."),
        ("Regnskab", "Et budget for næste år følger."),
        ("Fordeling af lærepladser", "Lærepladserne fordeles."),
    )
    assert _titles("budget") == ["1.1 Budget for sekretariatet", "1.2 Regnskab"]
    assert set(_titles("budgetter")) == {"1.1 Budget for sekretariatet", "1.2 Regnskab"}
    assert _titles("budgettet") == ["1.1 Budget for sekretariatet", "1.2 Regnskab"]
    assert _titles("læreplads") == ["1.3 Fordeling af lærepladser"]
