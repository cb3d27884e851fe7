"""A scanned Danish page becomes searchable, and the guard reads its text."""

import io
import subprocess

import pytest
from django.urls import reverse
from PIL import Image

from compliance import services
from compliance.models import AnnexOcr
from compliance.personal_data import Kind, scan
from meetings import services as meeting_services
from search import services as search_services
from search.models import AnnexText
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

SCANNED_TEXT = (
    "Notat til kommunerne i Nordjylland. Borgeren med CPR-nummer 010203-1234 har søgt om "
    "støtte, og kommunerne bedes tage stilling inden mødet."
)


def scanned_pdf(text: str, tmp_path) -> bytes:
    """Danish text set by WeasyPrint, rasterised by pdftoppm and wrapped as an image-only PDF."""
    from weasyprint import HTML

    source = tmp_path / "tekst.pdf"
    HTML(string=f"<p style='font-size:16pt;font-family:DejaVu Sans'>{text}</p>").write_pdf(source)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(source),
                    str(tmp_path / "scan")], check=True)  # fmt: skip
    image = Image.open(tmp_path / "scan.png")
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=200)
    return out.getvalue()


@pytest.fixture
def scanned_annex(db, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Notat om støtte")
    upload = SimpleUploadedFile("scan.pdf", scanned_pdf(SCANNED_TEXT, tmp_path))
    return meeting_services.annex_create(item=item, uploaded=upload, title="Indscannet notat")


def test_a_scan_has_no_text_until_it_is_read(scanned_annex):
    record = search_services.annex_text_extract(annex_id=scanned_annex.pk)
    assert record.pages == 1 and record.pages_with_text == 0


def test_ocr_makes_a_scanned_danish_page_searchable(scanned_annex, client):
    record = services.annex_ocr(annex_id=scanned_annex.pk)
    assert record.state == AnnexOcr.State.DONE, record.error
    text = AnnexText.objects.get(sha256=scanned_annex.sha256).text
    assert "kommunerne" in text and "Nordjylland" in text
    meeting_services.meeting_publish(meeting=scanned_annex.item.section.meeting)
    search_services.rebuild_all()
    page = client.get(reverse("search:search"), {"q": "kommunerne"}).content.decode()
    assert "Indscannet notat" in page
    readable = services.readable_copy(scanned_annex.sha256)
    assert readable.startswith(b"%PDF") and readable != scanned_annex.file.open("rb").read()


def test_the_guard_catches_a_cpr_number_in_the_ocr_text(scanned_annex):
    services.annex_ocr(annex_id=scanned_annex.pk)
    findings = scan(AnnexText.objects.get(sha256=scanned_annex.sha256).text)
    assert any(f.kind == Kind.CPR and f.match == "010203-1234" for f in findings)


def test_a_file_with_text_is_not_read_again(db):
    from tests.factories import annex_add

    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()))
    annex = annex_add(item, title="Tekstbilag", text="Almindelig tekst")
    assert services.annex_ocr(annex_id=annex.pk) is None
    assert not AnnexOcr.objects.exists()


def test_an_unreadable_scan_is_marked_and_keeps_its_reason(scanned_annex, settings):
    settings.OCR_TIMEOUT_SECONDS = 0.01
    record = services.annex_ocr(annex_id=scanned_annex.pk)
    assert record.state == AnnexOcr.State.FAILED
    assert "sekunder" in record.error
