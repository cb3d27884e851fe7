"""Each annex's accessibility is known to the secretariat; the statement tells the public."""

import pytest
from django.core import mail
from django.urls import reverse

from compliance import services
from compliance.accessibility import pdf_accessibility
from compliance.models import AccessibilityStatement, AccessibleCopyRequest
from meetings import services as meeting_services
from search.services import annex_text_extract
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.pdfs import make_pdf

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


def test_a_tagged_pdf_with_title_and_language_is_accessible():
    from weasyprint import HTML

    html = "<html lang='da'><head><title>Notat om SOSU</title></head><body><h1>Notat</h1></body>"
    data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    report = pdf_accessibility(data, pages_with_text=1)
    assert (report.title, report.language, report.tagged) == ("Notat om SOSU", "da", True)
    assert report.accessible and report.problems == []


def test_a_plain_pdf_lists_what_it_lacks():
    report = pdf_accessibility(make_pdf(2, "Tekst"), pages_with_text=2)
    assert report.problems == ["ingen dokumenttitel", "intet sprog angivet", "ikke tagget"]
    scan = pdf_accessibility(make_pdf(2, "Tekst"), pages_with_text=0)
    assert scan.problems[0] == "ingen tekst (scannet)"


@pytest.fixture
def published(db):
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Notater")
    open_annex = annex_add(item, title="Utilgængeligt notat", text="Åben tekst")
    closed_annex = annex_add(item, title="Hemmeligt LUKKETBILAG", closed=True)
    for annex in (open_annex, closed_annex):
        annex_text_extract(annex_id=annex.pk)
        services.annex_readability(annex_id=annex.pk)
    meeting_services.meeting_publish(meeting=meeting)
    return {"meeting": meeting, "open": open_annex, "closed": closed_annex}


@pytest.mark.parametrize("role", ROLES)
def test_the_statement_lists_public_annexes_that_are_not_accessible(role, published, client_for):
    AccessibilityStatement.objects.create(official_url="https://www.was.digst.dk/kkr-portal")
    page = client_for(role).get(reverse("compliance:accessibility_statement")).content.decode()
    assert "Utilgængeligt notat" in page and "ikke tagget" in page
    assert "LUKKETBILAG" not in page  # a closed annex is not named, whoever reads
    assert "Af 1 offentligt bilag er 1 ikke fuldt tilgængeligt." in page
    assert "https://www.was.digst.dk/kkr-portal" in page
    # The abbreviations are explained (WCAG 3.1.4, a glossary).
    assert f'<a href="{reverse("search:abbreviations")}">listen over forkortelser</a>' in page


def test_every_page_links_to_the_statement(published, client):
    page = client.get(reverse("meetings:meeting_list")).content.decode()
    assert reverse("compliance:accessibility_statement") in page
    assert f'<a href="{reverse("search:abbreviations")}">Forkortelser</a>' in page


def test_a_reader_asks_for_an_accessible_copy(published, client, settings):
    AccessibilityStatement.objects.create(contact_email="tilgaengelighed@kkr.example")
    url = reverse("compliance:accessible_copy_request", args=[published["meeting"].pk,
                                                              published["open"].uid])  # fmt: skip
    assert "Utilgængeligt notat" in client.get(url).content.decode()
    response = client.post(url, {"email": "borger@example.dk", "message": "Skærmlæser"})
    assert response.status_code == 302
    request = AccessibleCopyRequest.objects.get()
    assert (request.annex, request.email, request.message) == (
        published["open"], "borger@example.dk", "Skærmlæser")  # fmt: skip
    assert mail.outbox[0].to == ["tilgaengelighed@kkr.example"]
    assert "Utilgængeligt notat" in mail.outbox[0].body


@pytest.mark.parametrize("role", ["municipality", "anonymous"])
def test_a_closed_annex_cannot_be_asked_for_by_the_public(role, published, client_for):
    url = reverse("compliance:accessible_copy_request", args=[published["meeting"].pk,
                                                              published["closed"].uid])  # fmt: skip
    assert client_for(role).get(url).status_code == 404
    assert client_for(role).post(url, {"message": "x"}).status_code == 404
    assert not AccessibleCopyRequest.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_each_readable_annex_offers_an_accessible_copy(role, published, client_for):
    page = (
        client_for(role)
        .get(reverse("meetings:meeting_detail", args=[published["meeting"].pk]))
        .content.decode()
    )
    open_url = reverse("compliance:accessible_copy_request",
                       args=[published["meeting"].pk, published["open"].uid])  # fmt: skip
    closed_url = reverse("compliance:accessible_copy_request",
                         args=[published["meeting"].pk, published["closed"].uid])  # fmt: skip
    assert open_url in page
    assert (closed_url in page) is (role in ("secretariat", "council_member"))
