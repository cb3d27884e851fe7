"""Hostile uploads are answered within seconds, in Danish, naming the limit; the web process
(this test process) goes on serving, and what was saved stays."""

import time

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Annex
from tests.annexes import hostile
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.pdfs import encrypt, make_pdf

MB = 1024 * 1024


@pytest.fixture
def upload(client_for, db):
    item = ItemFactory(section=SectionFactory(meeting=MeetingFactory()), title="Budget 2024")
    kept = annex_add(item, title="Allerede gemt bilag", pages=2)
    client = client_for("secretariat")
    url = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])

    def send(name, data):
        started = time.monotonic()
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        return response, time.monotonic() - started

    send.kept = kept
    send.page = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    send.client = client
    return send


CASES = [
    ("bombe.pdf", lambda: hostile.content_bomb(80), "over 32,0 MB, når den pakkes ud"),
    ("billedbombe.pdf", hostile.image_bomb, "billede på over 150 megapixel"),
    ("forstaerker.pdf", lambda: hostile.shared_stream_amplification(20_000, 8), "tilsammen over"),
    (
        "tyve_tusind_sider.pdf",
        lambda: hostile.many_pages(20_000),
        "20.000 sider; et bilag må højst have 3.000",
    ),
    ("loekke.pdf", hostile.form_loop, "henviser i ring til sig selv"),
    ("skraa.pdf", lambda: hostile.rotated(45), "drejet 45 grader"),
    ("certifikat.pdf", hostile.certificate_encrypted, "krypteret"),
]


@pytest.mark.parametrize("name,build,message", CASES, ids=[case[0] for case in CASES])
def test_hostile_upload_is_refused_in_seconds_naming_the_limit(
    upload, settings, name, build, message
):
    settings.ANNEX_MAX_STREAM_BYTES = 32 * MB  # the bombs stay small enough to build quickly
    response, seconds = upload(name, build())
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert seconds < 10
    # The web process is still serving, and the annex saved before is untouched.
    assert upload.client.get(upload.page).status_code == 200
    assert list(Annex.objects.values_list("pk", flat=True)) == [upload.kept.pk]
    assert default_storage.exists(upload.kept.file.name)


def test_memory_limit_is_named(upload, settings):
    settings.ANNEX_CHECK_MEMORY_BYTES = 8 * MB  # less than a thousand pages take to read
    response, _seconds = upload("bilag.pdf", make_pdf(1000))
    assert response.status_code == 400
    assert "kræver mere end 8,0 MB hukommelse" in response.json()["error"]


@pytest.mark.parametrize("padding", [b"\x00" * 5000, b"\r\n   \n" * 1000])
def test_padding_after_eof_is_accepted(upload, padding):
    response, _seconds = upload("scanner.pdf", make_pdf(2, "SCANNET") + padding)
    assert response.status_code == 200, response.content
    assert response.json()["pages"] == 2


def test_empty_user_password_is_accepted_and_stored_decrypted(upload):
    response, _seconds = upload("blanket.pdf", encrypt(make_pdf(3), user_password=""))
    assert response.status_code == 200, response.content
    annex = Annex.objects.exclude(pk=upload.kept.pk).get()
    with default_storage.open(annex.file.name) as handle, pikepdf.open(handle) as pdf:
        assert not pdf.is_encrypted and len(pdf.pages) == 3


@pytest.mark.parametrize("degrees", [90, 180, 270, -90])
def test_quarter_turns_are_accepted(upload, degrees):
    response, _seconds = upload("drejet.pdf", hostile.rotated(degrees))
    assert response.status_code == 200, response.content
