"""Files in an S3-compatible store, against a real S3 API server process (moto, tests/storage/
conftest.py): upload, render, download with Range, and the objects leaving the bucket when a
version or a meeting is deleted."""

import io
import json
import os
import subprocess
import sys

import pikepdf
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from kkr_portal.files import is_object_store, local_copy
from meetings import rendering, services
from meetings.models import Meeting, RenderJob, VersionDocument
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.storage.conftest import CREDENTIALS, bucket_names

pytestmark = pytest.mark.django_db


def _object(s3_client, bucket, name) -> bytes:
    return s3_client.get_object(Bucket=bucket, Key=name)["Body"].read()


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _render(version) -> None:
    job = RenderJob.objects.filter(version=version).latest("created")
    rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error


@pytest.fixture
def published(bucket):
    """A meeting with an open and a closed annex, published and rendered, all in the bucket."""
    assert is_object_store(default_storage)
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    item = ItemFactory(section=section, position=1, title="Vækst Via Viden")
    open_annex = annex_add(item, title="Åbent bilag", pages=3, text="AABENBILAG")
    closed_annex = annex_add(item, title="Fortroligt notat", closed=True, text="LUKKETBILAG")
    version = services.meeting_publish(meeting=meeting)
    _render(version)
    return {"meeting": meeting, "version": version, "annexes": [open_annex, closed_annex]}


def test_upload_and_render_write_every_file_to_the_bucket(published, bucket, s3_client):
    names = bucket_names(s3_client, bucket)
    annexes = published["annexes"]
    assert {annex.file.name for annex in annexes} <= names
    # The stored upload is the uploaded PDF, byte for byte.
    with pikepdf.open(io.BytesIO(_object(s3_client, bucket, annexes[0].file.name))) as pdf:
        assert len(pdf.pages) == 3
    documents = VersionDocument.objects.filter(version=published["version"])
    assert {(d.kind, d.variant) for d in documents} >= {
        ("dagsorden", "medlemmer"),
        ("dagsorden", "offentlig"),
        ("bilag", "medlemmer"),
        ("bilag", "offentlig"),
    }
    for document in documents:
        assert document.file.name in names
        assert len(_object(s3_client, bucket, document.file.name)) == document.size
    # The readers' copies of both annexes (derived files) are in the bucket too.
    assert sum(1 for name in names if name.startswith("cache/")) >= 2


def test_bundle_pdf_downloads_whole_and_by_range_from_the_bucket(
    published, bucket, s3_client, client_for
):
    meeting = published["meeting"]
    document = VersionDocument.objects.get(
        version=published["version"], kind="bilag", variant="medlemmer"
    )
    stored = _object(s3_client, bucket, document.file.name)
    url = reverse("meetings:document_download", args=[meeting.pk, "bilag-medlemmer"])
    member = client_for("council_member")

    whole = member.get(url)
    assert whole.status_code == 200
    assert _body(whole) == stored
    assert whole["Content-Length"] == str(len(stored))
    assert whole["Content-Type"] == "application/pdf"
    assert whole["Cache-Control"] == "private, no-store"
    assert whole["Content-Disposition"].startswith("inline; filename=")

    part = member.get(url, HTTP_RANGE="bytes=100-1123")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-1123/{len(stored)}"
    assert _body(part) == stored[100:1124]

    tail = member.get(url, HTTP_RANGE="bytes=-500")
    assert tail.status_code == 206
    assert _body(tail) == stored[-500:]

    beyond = member.get(url, HTTP_RANGE=f"bytes={len(stored)}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(stored)}"
    # The members' bundle is still refused to the public, whatever the store.
    assert client_for("anonymous").get(url).status_code == 302


def test_annex_downloads_by_range_from_the_bucket(published, bucket, s3_client, client_for):
    meeting = published["meeting"]
    open_annex, closed_annex = published["annexes"]
    url = reverse("meetings:annex_download", args=[meeting.pk, open_annex.uid])
    whole = client_for("anonymous").get(url)
    assert whole.status_code == 200
    data = _body(whole)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 3
    part = client_for("anonymous").get(url, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert _body(part) == data[:10] == b"%PDF-1." + data[7:10]
    closed = reverse("meetings:annex_download", args=[meeting.pk, closed_annex.uid])
    assert client_for("municipality").get(closed).status_code == 403
    assert client_for("council_member").get(closed, HTTP_RANGE="bytes=0-3").status_code == 206


def test_local_copy_gives_tools_a_path_to_an_object(published):
    annex = published["annexes"][0]
    with local_copy(annex.file.name) as path:
        assert os.path.isfile(path)
        result = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True)
        assert "AABENBILAG" in result.stdout.decode()
    assert not os.path.exists(path)


def test_withdrawn_then_deleted_version_leaves_the_bucket(
    published, bucket, s3_client, client_for, users, django_capture_on_commit_callbacks
):
    version, meeting = published["version"], published["meeting"]
    documents = {d.file.name for d in VersionDocument.objects.filter(version=version)}
    annex_files = {annex.file.name for annex in published["annexes"]}
    url = reverse("meetings:document_download", args=[meeting.pk, "dagsorden-offentlig"])
    assert client_for("anonymous").get(url).status_code == 200

    services.version_withdraw(version=version, user=users["secretariat"], reason="Fejl")
    # Readers lose it at once; the secretariat still reads the withdrawn version's files.
    assert client_for("anonymous").get(url).status_code == 404
    assert documents <= bucket_names(s3_client, bucket)

    with django_capture_on_commit_callbacks(execute=True):
        services.version_delete(version=version)
    names = bucket_names(s3_client, bucket)
    assert not documents & names
    # The draft's annexes are still the meeting's: they stay.
    assert annex_files <= names


def test_deleted_meeting_leaves_nothing_of_it_in_the_bucket(
    published, bucket, s3_client, django_capture_on_commit_callbacks
):
    before = bucket_names(s3_client, bucket)
    assert before
    with django_capture_on_commit_callbacks(execute=True):
        services.meetings_delete(meetings=Meeting.objects.filter(pk=published["meeting"].pk))
    left = bucket_names(s3_client, bucket)
    # Only layout cache entries keyed by content (contents pages, dividers) may stay; nothing that
    # is an annex, a reader's copy of one or a rendered document.
    assert not {name for name in left if not name.startswith("cache/")}
    annex_copies = {name for name in before - left if name.startswith("cache/")}
    assert len(annex_copies) >= 2


def test_an_annex_copied_into_another_meeting_survives_the_first_meetings_deletion(
    published, bucket, s3_client, django_capture_on_commit_callbacks
):
    from meetings.models import Annex

    source = published["annexes"][0]
    other = ItemFactory(section=SectionFactory(meeting=MeetingFactory()), title="Kopi")
    Annex.objects.create(
        item=other, position=1, title=source.title, file=source.file.name,
        original_name=source.original_name, size=source.size, sha256=source.sha256,
        page_count=source.page_count,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.meetings_delete(meetings=[published["meeting"]])
    assert source.file.name in bucket_names(s3_client, bucket)


def test_settings_from_the_environment_store_in_the_bucket(s3_server, s3_client, bucket):
    """S3_BUCKET and friends, as docker-compose.yml sets them, make a fresh process use the store."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("FILE_STORAGE_BACKEND", "FILE_STORAGE_OPTIONS")
    }
    env.update(
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=s3_server,
        S3_REGION=CREDENTIALS["region_name"],
        AWS_ACCESS_KEY_ID=CREDENTIALS["access_key"],
        AWS_SECRET_ACCESS_KEY=CREDENTIALS["secret_key"],
        DJANGO_SETTINGS_MODULE="kkr_portal.settings",
    )
    script = (
        "import django, json; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "a = s.save('probe/a.txt', ContentFile(b'en'))\n"
        "b = s.save('probe/a.txt', ContentFile(b'to'))\n"
        "print(json.dumps([type(s._wrapped).__name__, a, b]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    backend, first, second = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "S3Storage"
    # Never overwritten: the second write gets a name of its own, as on disk.
    assert first == "probe/a.txt" and second != first
    assert _object(s3_client, bucket, first) == b"en"
    assert _object(s3_client, bucket, second) == b"to"


def test_text_extraction_and_note_pages_read_annexes_from_the_bucket(published):
    from notes.pagetext import stored_pdf_page_texts
    from search.services import annex_text_extract

    annex = published["annexes"][0]
    record = annex_text_extract(annex_id=annex.pk)
    assert record.pages == 3 and record.pages_with_text == 3
    assert "AABENBILAG" in record.text
    pages = stored_pdf_page_texts(annex.file.name)
    assert len(pages) == 3 and "AABENBILAG" in pages[0]


def test_municipality_pack_is_built_into_the_bucket_and_leaves_with_its_meeting(
    published, bucket, s3_client, django_capture_on_commit_callbacks
):
    import zipfile

    from django.test import Client

    from municipalities import services as municipality_services
    from municipalities.models import MunicipalityPack
    from tests.municipalities.helpers import municipalities_make, municipality_user

    aalborg = municipalities_make()["Aalborg"]
    client = Client()
    client.force_login(municipality_user("aalborg", aalborg))
    url = reverse("municipalities:pack_download", args=["851", published["meeting"].pk])
    assert client.get(url).status_code == 202
    pack = municipality_services.pack_build(pack_id=MunicipalityPack.objects.get().pk)
    assert pack.status == MunicipalityPack.Status.DONE, pack.error
    assert pack.file.name in bucket_names(s3_client, bucket)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    assert "dagsorden.pdf" in archive.namelist()
    with django_capture_on_commit_callbacks(execute=True):
        services.meetings_delete(meetings=[published["meeting"]])
    assert pack.file.name not in bucket_names(s3_client, bucket)


def test_archive_import_stores_into_the_bucket_and_a_refusal_leaves_nothing(bucket, s3_client):
    import pikepdf

    from archive.contents import ContentsError
    from archive.services import SourcePdf, package_import
    from meetings.models import Annex
    from tests.archive.helpers import seed_agenda, seed_bundle
    from tests.factories import BodyFactory

    bundle, _expected = seed_bundle({(f"2.{n}", a): 2 for n in range(1, 13) for a in (1, 2)})
    with pikepdf.open(io.BytesIO(bundle)) as pdf:
        del pdf.pages[-3:]
        short = io.BytesIO()
        pdf.save(short)
    with pytest.raises(ContentsError):
        package_import(
            body=BodyFactory(),
            agenda=SourcePdf("d.pdf", seed_agenda()),
            bundle=SourcePdf("b.pdf", short.getvalue()),
        )
    assert bucket_names(s3_client, bucket) == set()

    imported = package_import(
        body=BodyFactory(),
        agenda=SourcePdf("dagsorden.pdf", seed_agenda()),
        bundle=SourcePdf("bilag.pdf", bundle),
    )
    names = bucket_names(s3_client, bucket)
    annexes = Annex.objects.filter(item__section__meeting=imported.meeting)
    assert annexes.count() == 24
    assert {annex.file.name for annex in annexes} <= names
    documents = VersionDocument.objects.filter(version__meeting=imported.meeting)
    assert {document.file.name for document in documents} <= names
