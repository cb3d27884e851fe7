"""What is left of a meeting in storage: a published meeting whose scanned annex was read by OCR
and whose documents were rendered, and a search of every stored file for its words (PDFs by
their text, as pdftotext reads it, and every file by its raw bytes)."""

import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile

from compliance import services as compliance_services
from compliance.models import AnnexOcr
from meetings import services
from meetings.models import RenderJob
from meetings.publishing.jobs import annex_reader_copy_prepare
from tests.annexes.helpers import publish_and_render
from tests.compliance.test_ocr import SCANNED_TEXT, scanned_pdf
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add

ITEM_TITLE = "Xylofonpunkt om støtte"
SCAN_TITLE = "Indscannet xylofonnotat"
CLOSED_TITLE = "Fortroligt marimbanotat"
CLOSED_TEXT = "LUKKETMARIMBA"
# The scan's words come only from OCR: the scan itself is an image.
MARKERS = ("kommunerne", "Xylofonpunkt", "xylofonnotat", "marimbanotat", CLOSED_TEXT)


def words(data: bytes) -> str:
    text = data.decode("latin-1")
    if data.startswith(b"%PDF"):
        result = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=False, timeout=60
        )
        text += " " + result.stdout.decode("utf-8", "replace")
    return " ".join(text.split())


def holding(stored: dict[str, bytes], markers=MARKERS) -> dict[str, set[str]]:
    """The stored files (name -> content) that hold any of the words, with the words each holds."""
    found = {}
    for name, data in stored.items():
        text = words(data)
        if hits := {marker for marker in markers if marker in text}:
            found[name] = hits
    return found


def scanned_meeting(tmp_path, *, title=ITEM_TITLE):
    """A meeting with an item holding a scanned annex (read by OCR) and a closed annex, published
    and rendered; the scan's own reader's copy was made at upload, before OCR."""
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title=title)
    upload = SimpleUploadedFile("scan.pdf", scanned_pdf(SCANNED_TEXT, tmp_path))
    scan = services.annex_create(item=item, uploaded=upload, title=SCAN_TITLE)
    annex_add(item, title=CLOSED_TITLE, closed=True, text=CLOSED_TEXT)
    annex_reader_copy_prepare(annex_id=scan.pk)
    compliance_services.annex_readability(annex_id=scan.pk)
    assert AnnexOcr.objects.get(sha256=scan.sha256).state == AnnexOcr.State.DONE
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    return meeting, version, scan


def packs_built(version) -> list:
    """A municipality's public pack and a member's pack of the version, built, with their
    PDF/A-2b preservation copies."""
    from municipalities import services as municipality_services
    from municipalities.models import MunicipalityPack
    from tests.factories import user_with_role
    from tests.municipalities.helpers import municipalities_make

    municipality = municipalities_make()["Aalborg"]
    from django.contrib.auth.models import User

    member = User.objects.filter(username=f"medlem-{version.pk}").first()
    member = member or user_with_role(f"medlem-{version.pk}", "council_member")
    built = []
    for user in (None, member):
        pack = municipality_services.pack_request(
            version=version, municipality=municipality, user=user
        )
        pack = municipality_services.pack_build(pack_id=pack.pk) or pack
        assert pack.status == MunicipalityPack.Status.DONE, pack.error
        built.append(pack)
    return built
