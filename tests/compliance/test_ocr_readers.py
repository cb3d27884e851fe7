"""Readers get the searchable copy of a scan: the annex download, the bundles and a
municipality's pack, also when OCR finishes after the version was published."""

import subprocess
import zipfile

from django.urls import reverse

from compliance import services
from compliance.models import AnnexOcr
from meetings.models import RenderJob, VersionDocument
from meetings.publishing.jobs import render_job_run
from meetings.publishing.reader_source import reader_source
from municipalities import services as municipality_services
from municipalities.models import MunicipalityPack
from tests.annexes.helpers import document_bytes, publish_and_render
from tests.compliance.test_ocr import scanned_annex  # noqa: F401 (fixture)
from tests.municipalities.helpers import municipalities_make


def pdf_words(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _download(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_bundles_published_before_ocr_are_made_again_with_the_text(scanned_annex, client_for):  # noqa: F811
    meeting = scanned_annex.item.section.meeting
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    assert "kommunerne" not in pdf_words(document_bytes(version, "bilag", "medlemmer"))
    annex_url = reverse("meetings:annex_download", args=[meeting.pk, scanned_annex.uid])
    assert "kommunerne" not in pdf_words(_download(client_for("anonymous").get(annex_url)))

    record = services.annex_readability(annex_id=scanned_annex.pk)
    assert AnnexOcr.objects.get().state == AnnexOcr.State.DONE
    assert record is not None and "ingen tekst (scannet)" not in record.problems
    # The old bundles are unlisted and one render job of the version makes them again.
    assert not VersionDocument.objects.filter(version=version, kind="bilag").exists()
    queued = RenderJob.objects.get(version=version, status=RenderJob.Status.QUEUED)
    render_job_run(job_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == RenderJob.Status.DONE, queued.error

    member = client_for("council_member")
    bundle_url = reverse("meetings:document_download", args=[meeting.pk, "bilag-medlemmer"])
    assert "kommunerne" in pdf_words(_download(member.get(bundle_url)))
    public_url = reverse("meetings:document_download", args=[meeting.pk, "bilag-offentlig"])
    assert "kommunerne" in pdf_words(_download(client_for("anonymous").get(public_url)))
    annex = _download(client_for("anonymous").get(annex_url))
    assert "kommunerne" in pdf_words(annex) and "Nordjylland" in pdf_words(annex)
    # Agenda kept: only the bundles were made again.
    assert VersionDocument.objects.filter(version=version, kind="dagsorden").count() == 2


def _pack_annex_words(pack) -> str:
    with pack.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        (name,) = [n for n in archive.namelist() if n.startswith("bilag/")]
        return pdf_words(archive.read(name))


def test_a_municipality_pack_holds_the_searchable_copy(scanned_annex):  # noqa: F811
    version, _job = publish_and_render(scanned_annex.item.section.meeting)
    municipality = next(iter(municipalities_make().values()))

    def pack():
        requested = municipality_services.pack_request(
            version=version, municipality=municipality, user=None
        )
        return municipality_services.pack_build(pack_id=requested.pk) or requested

    built = pack()
    assert built.status == MunicipalityPack.Status.DONE, built.error
    assert "kommunerne" not in _pack_annex_words(built)
    services.annex_ocr(annex_id=scanned_annex.pk)
    assert not MunicipalityPack.objects.exists()  # the pack with the scan is dropped
    rebuilt = pack()
    assert rebuilt.status == MunicipalityPack.Status.DONE, rebuilt.error
    assert "kommunerne" in _pack_annex_words(rebuilt)


def test_bundles_wait_for_a_render_that_is_running(scanned_annex):  # noqa: F811
    version, job = publish_and_render(scanned_annex.item.section.meeting)
    services.annex_ocr(annex_id=scanned_annex.pk)  # the bundles are made again by a new job
    render_job_run(job_id=RenderJob.objects.get(status=RenderJob.Status.QUEUED).pk)
    assert not RenderJob.objects.exclude(status=RenderJob.Status.DONE).exists()
    # A render that is running may join the old file into a bundle it has yet to store.
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RUNNING)
    assert services.bundles_refresh(sha256=scanned_annex.sha256) is False
    assert VersionDocument.objects.filter(version=version, kind="bilag").count() == 2
    assert not RenderJob.objects.filter(status=RenderJob.Status.QUEUED).exists()
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.DONE)
    assert services.bundles_refresh(sha256=scanned_annex.sha256) is True
    assert not VersionDocument.objects.filter(version=version, kind="bilag").exists()
    assert RenderJob.objects.filter(version=version, status=RenderJob.Status.QUEUED).count() == 1


def test_the_copy_key_follows_the_searchable_copy(scanned_annex):  # noqa: F811
    frozen = (scanned_annex.file.name, scanned_annex.sha256)
    assert reader_source(*frozen).sha256 == scanned_annex.sha256
    services.annex_ocr(annex_id=scanned_annex.pk)
    record = AnnexOcr.objects.get()
    source = reader_source(*frozen)
    assert source.name == record.file.name and source.sha256 == record.file_sha256
    assert source.sha256 != scanned_annex.sha256


def test_a_scan_that_could_not_be_read_is_still_served(scanned_annex, settings):  # noqa: F811
    settings.OCR_TIMEOUT_SECONDS = 0.01
    services.annex_ocr(annex_id=scanned_annex.pk)
    frozen = (scanned_annex.file.name, scanned_annex.sha256)
    assert reader_source(*frozen).name == scanned_annex.file.name
