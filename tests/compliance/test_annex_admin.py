"""The item's admin page shows, beside each annex, its OCR state and its accessibility check."""

import re

from django.urls import reverse

from compliance import services
from compliance.models import AnnexOcr
from tests.compliance.test_ocr import scanned_annex  # noqa: F401 (fixture)
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add


def _annex_rows(client, item) -> list[str]:
    page = client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk]))
    assert page.status_code == 200
    cells = re.findall(r'<td class="field-readability">(.*?)</td>', page.content.decode(), re.S)
    rows = [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]
    return [row for row in rows if row]  # the blank row for a new annex has none


def test_a_scan_shows_waiting_then_text_from_ocr(scanned_annex, client_for):  # noqa: F811
    secretary = client_for("secretariat")
    item = scanned_annex.item
    assert _annex_rows(secretary, item) == ["Tilgængelighed: ikke kontrolleret endnu"]
    from search import services as search_services

    search_services.annex_text_extract(annex_id=scanned_annex.pk)
    assert _annex_rows(secretary, item) == ["Venter på OCR Tilgængelighed: ikke kontrolleret endnu"]
    AnnexOcr.objects.create(sha256=scanned_annex.sha256, state=AnnexOcr.State.RUNNING)
    assert _annex_rows(secretary, item)[0].startswith("OCR i gang Tilgængelighed")
    AnnexOcr.objects.all().delete()
    services.annex_readability(annex_id=scanned_annex.pk)
    (row,) = _annex_rows(secretary, item)
    assert row.startswith("Tekst fra OCR (1 af 1 sider) Tilgængelighed: ")
    assert "Tilgængelighed:" in row and "ingen tekst (scannet)" not in row


def test_an_unreadable_scan_says_why(scanned_annex, client_for, settings):  # noqa: F811
    settings.OCR_TIMEOUT_SECONDS = 0.01
    services.annex_readability(annex_id=scanned_annex.pk)
    (row,) = _annex_rows(client_for("secretariat"), scanned_annex.item)
    assert row.startswith("OCR: kunne ikke læses – OCR tog længere end")
    assert "Tilgængelighed: ingen tekst (scannet)" in row


def test_each_annex_has_its_own_accessibility_line(db, client_for):
    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()))
    first = annex_add(item, title="Notat", text="Almindelig tekst")
    annex_add(item, title="Bilag uden kontrol", text="Mere tekst")
    services.annex_readability(annex_id=first.pk)
    rows = _annex_rows(client_for("secretariat"), item)
    assert len(rows) == 2 and rows[1] == "Tilgængelighed: ikke kontrolleret endnu"
    assert rows[0].startswith("Tilgængelighed: ") and "ikke kontrolleret" not in rows[0]
    assert "OCR" not in rows[0]  # a file with text is not read again


def test_layers_its_author_turned_off_are_named(db, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services as meeting_services
    from tests.pdfs import make_pdf, with_hidden_layer

    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()))
    data = with_hidden_layer(make_pdf(1, "Kort"), "Ejere", "Ejer Hans Hansen")
    meeting_services.annex_create(item=item, uploaded=SimpleUploadedFile("kort.pdf", data))
    annex_add(item, title="Notat", text="Almindelig tekst")
    rows = _annex_rows(client_for("secretariat"), item)
    assert rows[0].endswith("Lag slået fra: “Ejere” (følger med filen)")
    assert "Lag slået fra" not in rows[1]
