"""Broken and hostile uploads through the real upload path: each works or gets a Danish message."""

import io
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Annex
from meetings.uploads import annex_file_inspect, safe_filename
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.pdfs import encrypt, make_pdf


def _zip_as_pdf():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hej")
    return buffer.getvalue()


def _broken_xref():
    data = make_pdf(3, "REPARERET")
    start = data.rindex(b"startxref")
    return data[:start] + b"startxref\n999999\n%%EOF\n"


def _many_pages(count):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    for _ in range(count - 1):
        pdf.pages.append(pdf.pages[0])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


REFUSED = [
    ("tom.pdf", b"", "tom"),
    ("afskaaret.pdf", make_pdf(30)[: len(make_pdf(30)) // 2], "ufuldstændig"),
    ("kodeord.pdf", encrypt(make_pdf(2)), "krypteret"),
    ("side.pdf", b"<!DOCTYPE html><html><body>Ikke en PDF</body></html>", "ikke en PDF-fil"),
    ("arkiv.pdf", _zip_as_pdf(), "ikke en PDF-fil"),
    ("falsk.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n", "kan ikke læses"),
]


@pytest.fixture
def builder(client_for, db):
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Budget 2024")
    kept = annex_add(item, title="Allerede gemt bilag", pages=2)
    client = client_for("secretariat")
    url = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])

    def upload(name, content):
        """The admin's upload of one file (what the item page sends for each chosen file)."""
        return client.post(url, {"file": SimpleUploadedFile(name, content)})

    return {"upload": upload, "kept": kept, "item": item}


@pytest.mark.parametrize("name,content,message", REFUSED)
def test_refused_upload_says_why_in_danish_and_keeps_what_was_saved(
    builder, name, content, message
):
    response = builder["upload"](name, content)
    assert response.status_code == 400
    assert message in response.json()["error"]
    kept = Annex.objects.get()
    assert kept.pk == builder["kept"].pk and kept.title == "Allerede gemt bilag"
    assert default_storage.exists(kept.file.name)


def test_repairable_pdf_is_repaired_and_kept(builder):
    response = builder["upload"]("skadet_xref.pdf", _broken_xref())
    assert response.status_code == 200
    annex = Annex.objects.get(position=2)
    assert annex.title == "skadet xref" and annex.page_count == 3
    with default_storage.open(annex.file.name) as handle, pikepdf.open(handle) as pdf:
        assert len(pdf.pages) == 3
        assert not pdf.get_warnings()  # the stored copy is the sound, repaired one


def test_three_thousand_pages_are_accepted_and_more_are_refused(builder):
    response = builder["upload"]("stor_bilagssamling.pdf", _many_pages(3000))
    assert response.status_code == 200
    assert Annex.objects.get(position=2).page_count == 3000
    response = builder["upload"]("for_stor.pdf", _many_pages(3001))
    assert (
        "PDF-filen har 3.001 sider; et bilag må højst have 3.000 sider" in response.json()["error"]
    )


def test_empty_password_file_is_stored_decrypted(builder):
    response = builder["upload"]("ejerkodeord.pdf", encrypt(make_pdf(2), user_password=""))
    assert response.status_code == 200
    annex = Annex.objects.get(position=2)
    with default_storage.open(annex.file.name) as handle, pikepdf.open(handle) as pdf:
        assert not pdf.is_encrypted and len(pdf.pages) == 2


def test_file_over_the_limit_is_refused(builder, settings):
    settings.ANNEX_MAX_BYTES = 10_000
    response = builder["upload"]("stor.pdf", make_pdf(60))
    assert "Filen er for stor" in response.json()["error"]
    assert Annex.objects.count() == 1


@pytest.mark.parametrize(
    "name,expected_title",
    [
        ("../../etc/passwd.pdf", "passwd"),
        ("C:\\Users\\hlth\\Bilag_1.pdf", "Bilag 1"),
        ("bilag\x00\x07\x1b[31m.pdf", "bilag[31m"),
        # Django cuts an uploaded file name to 255 characters, extension kept.
        ("x" * 300 + ".pdf", "x" * 251),
    ],
)
def test_hostile_file_names_become_harmless_titles(builder, name, expected_title):
    response = builder["upload"](name, make_pdf(1))
    assert response.status_code == 200
    annex = Annex.objects.get(position=2)
    assert annex.title == expected_title[:300]
    assert "/" not in annex.original_name and "\\" not in annex.original_name
    assert all(ch.isprintable() for ch in annex.original_name)
    assert len(annex.original_name) <= 200
    assert annex.file.name.startswith("annexes/") and ".." not in annex.file.name


def test_safe_filename_never_empty():
    assert safe_filename("/\x00/") == "bilag.pdf"
    assert safe_filename("..pdf") == "pdf"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096), st.sampled_from([b"", b"%PDF-1.4\n", b"%PDF-1.7\n%\xe2\xe3\n"]))
def test_fuzzed_bytes_give_a_verdict_never_a_crash(blob, prefix):
    data = prefix + blob + (b"\n%%EOF\n" if prefix else b"")
    try:
        inspected = annex_file_inspect(SimpleUploadedFile("fuzz.pdf", data))
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
    else:
        assert inspected.page_count > 0
