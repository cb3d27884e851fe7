"""An upload encrypted with an empty password is stored decrypted; the item's annex table says so
on that annex's row, so the secretariat knows the stored file is not the one sent."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import outline
from tests.factories import ItemFactory, SectionFactory
from tests.forms import form_data
from tests.pdfs import encrypt, make_pdf

NOTE = "Gemt uden kryptering: filen var krypteret uden adgangskode"


@pytest.fixture
def secretary(client_for):
    return client_for("secretariat")


def _upload(client, item, name, data):
    url = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])
    response = client.post(url, {"file": SimpleUploadedFile(name, data, "application/pdf")})
    assert response.status_code == 200, response.content.decode()
    return item.annexes.get(position=response.json()["number"])


def _rows(client, item):
    """Each annex row of the item page's table: its title and the text of its cells."""
    html = client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content
    rows = html.decode().split('class="form-row')[1:]
    return {annex.title: row for annex in item.annexes.all() for row in rows if annex.title in row}


def test_the_row_says_the_stored_file_was_decrypted(secretary, db):
    item = ItemFactory()
    sent = encrypt(make_pdf(2), user_password="")
    with pikepdf.open(io.BytesIO(sent)) as pdf:
        assert pdf.is_encrypted  # a real encrypted PDF that opens without a password
    blanket = _upload(secretary, item, "Blanket.pdf", sent)
    plain = _upload(secretary, item, "Budget.pdf", make_pdf(2))

    assert blanket.stored_decrypted and not plain.stored_decrypted
    with blanket.file.open("rb") as stored, pikepdf.open(io.BytesIO(stored.read())) as pdf:
        assert not pdf.is_encrypted and len(pdf.pages) == 2
    rows = _rows(secretary, item)
    assert NOTE in rows["Blanket"]
    assert NOTE not in rows["Budget"]

    # A copy of the item shares the stored file, and so the note.
    copy = outline.item_copy(item=item, section=SectionFactory(), with_annexes=True)
    assert list(copy.annexes.values_list("title", "stored_decrypted")) == [
        ("Blanket", True),
        ("Budget", False),
    ]


def test_replacing_the_file_with_an_unencrypted_one_clears_the_note(secretary, db):
    item = ItemFactory()
    annex = _upload(secretary, item, "Blanket.pdf", encrypt(make_pdf(1), user_password=""))
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    data = form_data(secretary.get(url).content.decode(), "agendaitem_form")
    data["annexes-0-file"] = SimpleUploadedFile("Blanket.pdf", make_pdf(1), "application/pdf")
    data["_continue"] = "1"
    response = secretary.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    annex.refresh_from_db()
    assert not annex.stored_decrypted
    assert NOTE not in _rows(secretary, item)["Blanket"]
