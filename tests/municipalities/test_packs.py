"""Packs for the municipalities' case systems: unzipped, the manifest (JSON and XML) matches the
files (SHA-512, pages), a municipality's pack never holds a closed annex, and each preservation
copy declares PDF/A-2B."""

import hashlib
import io
import json
import zipfile
from xml.etree import ElementTree

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import rendering, services
from meetings.models import RenderJob
from municipalities import services as municipality_services
from municipalities.models import MunicipalityPack
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.municipalities.helpers import municipalities_make, municipality_user


@pytest.fixture
def published(db):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    sosu = ItemFactory(
        section=section, position=1, title="Fordeling af lærepladser på SOSU-uddannelserne",
        case_number="SAG-2023-03908", kle_number="27.18.00", decision="<p>Godkendt.</p>",
    )  # fmt: skip
    closed = ItemFactory(section=section, position=2, title="Udpegninger", closed=True)
    annex_add(sosu, title="Fordeling 2024", pages=3, text="AABENBILAG")
    annex_add(sosu, title="Fortroligt notat", pages=2, closed=True, text="LUKKETBILAG")
    annex_add(closed, title="Indstillinger", pages=1, text="LUKKETPUNKTBILAG")
    version = services.meeting_publish(meeting=meeting, include_decisions=True)
    job = RenderJob.objects.get(version=version)
    rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    kommuner = municipalities_make()
    return {"meeting": meeting, "version": version, "kommuner": kommuner}


def _fetch(client, url):
    """Ask for the pack, let the worker build it, fetch it."""
    first = client.get(url)
    assert first.status_code == 202
    assert "Pakken bygges nu" in first.content.decode()
    pack = MunicipalityPack.objects.latest("created")
    built = municipality_services.pack_build(pack_id=pack.pk)
    assert built.status == MunicipalityPack.Status.DONE, built.error
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _page_count(data):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _checked(archive):
    """The manifest against the files; returns the manifest."""
    manifest = json.loads(archive.read("manifest.json"))
    names = sorted(n for n in archive.namelist() if not n.startswith("manifest."))
    assert sorted(f["name"] for f in manifest["files"]) == names
    for entry in manifest["files"]:
        data = archive.read(entry["name"])
        assert hashlib.sha512(data).hexdigest() == entry["sha512"]
        assert _page_count(data) == entry["pages"]
        assert len(data) == entry["size"]
    xml = ElementTree.fromstring(archive.read("manifest.xml"))
    xml_files = {f.get("navn"): f for f in xml.iter("fil")}
    assert set(xml_files) == set(names)
    for entry in manifest["files"]:
        element = xml_files[entry["name"]]
        assert element.findtext("sha512") == entry["sha512"]
        assert element.findtext("sider") == str(entry["pages"])
    return manifest


def test_municipality_pack_manifest_matches_files_and_holds_no_closed_annex(published):
    aalborg = published["kommuner"]["Aalborg"]
    client = Client()
    client.force_login(municipality_user("aalborg", aalborg))
    url = reverse("municipalities:pack_download", args=[851, published["meeting"].pk])
    archive = _fetch(client, url)
    manifest = _checked(archive)
    assert manifest["municipality"] == {"name": "Aalborg", "code": 851}
    assert manifest["audience"] == "public"
    rows = [
        (f["kind"], f["item_number"], f["annex_number"], f["annex_title"], f["form"])
        for f in manifest["files"]
    ]
    assert rows == [
        ("dagsorden", "", None, "", "original"),
        ("dagsorden", "", None, "", "PDF/A-2b"),
        ("referat", "", None, "", "original"),
        ("referat", "", None, "", "PDF/A-2b"),
        ("bilag", "1.1", 1, "Fordeling 2024", "original"),
        ("bilag", "1.1", 1, "Fordeling 2024", "PDF/A-2b"),
    ]
    annex = manifest["files"][4]
    assert (annex["case_number"], annex["kle_number"], annex["item_title"]) == (
        "SAG-2023-03908", "27.18.00", "Fordeling af lærepladser på SOSU-uddannelserne",
    )  # fmt: skip
    assert annex["name"] == "bilag/1.1-bilag-1-fordeling-2024.pdf"
    everything = b"".join(archive.read(n) for n in archive.namelist())
    for marker in (
        b"LUKKETBILAG",
        b"LUKKETPUNKTBILAG",
        b"Fortroligt notat",
        b"Indstillinger",
    ):
        assert marker not in everything
    from search.extraction import pdf_text

    texts = "\n".join(
        pdf_text(archive.read(n))[0] for n in archive.namelist() if n.endswith(".pdf")
    )
    assert "AABENBILAG" in texts
    assert "LUKKETBILAG" not in texts and "LUKKETPUNKTBILAG" not in texts
    # Cached per version: asking again gives the same file, no second build.
    assert municipality_services.pack_build(pack_id=MunicipalityPack.objects.get().pk) is None
    assert client.get(url).status_code == 200
    assert MunicipalityPack.objects.count() == 1


def test_members_pack_holds_closed_annexes_only_for_a_members_login(published, users):
    client = Client()
    client.force_login(users["council_member"])
    url = reverse("municipalities:pack_download", args=[825, published["meeting"].pk])
    manifest = _checked(_fetch(client, url))
    assert manifest["audience"] == "members"
    originals = [f for f in manifest["files"] if f["form"] == "original"]
    assert [f["annex_title"] for f in originals if f["kind"] == "bilag"] == [
        "Fordeling 2024", "Fortroligt notat", "Indstillinger",
    ]  # fmt: skip


def test_municipality_user_gets_no_other_municipalitys_pack(published):
    client = Client()
    client.force_login(municipality_user("laeso", published["kommuner"]["Læsø"]))
    url = reverse("municipalities:pack_download", args=[851, published["meeting"].pk])
    assert client.get(url).status_code == 403
    assert MunicipalityPack.objects.count() == 0
    assert Client().get(url).status_code == 302


def test_the_pack_holds_pdfa_2b_preservation_copies_and_says_which_file_is_which(published):
    from municipalities.preservation import declares_pdfa_2b

    client = Client()
    client.force_login(municipality_user("aalborg", published["kommuner"]["Aalborg"]))
    url = reverse("municipalities:pack_download", args=[851, published["meeting"].pk])
    archive = _fetch(client, url)
    manifest = _checked(archive)
    copies = {f["copy_of"]: f for f in manifest["files"] if f["form"] == "PDF/A-2b"}
    originals = [f for f in manifest["files"] if f["form"] == "original"]
    assert set(copies) == {f["name"] for f in originals}
    for original in originals:
        copy = copies[original["name"]]
        assert copy["name"] == "bevaring/" + original["name"]
        assert copy["pages"] == original["pages"]
        assert original["note"] == ""
        # pikepdf's open_metadata(): pdfaid:part 2, pdfaid:conformance B.
        assert declares_pdfa_2b(archive.read(copy["name"]))
        assert not declares_pdfa_2b(archive.read(original["name"]))
    xml = ElementTree.fromstring(archive.read("manifest.xml"))
    forms = {f.get("navn"): f.findtext("form") for f in xml.iter("fil")}
    assert forms["bevaring/dagsorden.pdf"] == "PDF/A-2b" and forms["dagsorden.pdf"] == "original"


def test_an_annex_that_cannot_be_converted_stays_original_with_the_reason(db):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from municipalities.preservation import converted_copy

    name = default_storage.save("test/ikke-en-pdf.pdf", ContentFile(b"%PDF-1.4 broken"))
    kept = converted_copy(name)
    assert kept.name == ""
    assert "PDF/A-2b" in kept.reason


def test_an_imported_packages_originals_are_converted_not_laid_out_anew(db, tmp_path):
    """An old package keeps its own PDFs: its preservation copies are those PDFs converted, page
    for page (the portal's layout of the same package would be another document)."""
    from archive.services import SourcePdf, package_import
    from meetings.visibility import Audience
    from municipalities import packs
    from tests.archive.helpers import seed_agenda, seed_bundle
    from tests.factories import BodyFactory

    annex_pages = {(f"2.{n}", a): 1 for n in range(1, 13) for a in (1, 2)}
    bundle, _annexes = seed_bundle(annex_pages)
    agenda = seed_agenda()
    imported = package_import(
        body=BodyFactory(),
        agenda=SourcePdf("dagsorden.pdf", agenda),
        bundle=SourcePdf("bilag.pdf", bundle),
    )
    version = imported.meeting.versions.get()
    aalborg = municipalities_make()["Aalborg"]
    path = str(tmp_path / "pack.zip")
    manifest = packs.pack_write(version, aalborg, Audience.PUBLIC, deadlines={}, out_path=path)
    files = {f["name"]: f for f in manifest["files"]}
    assert files["dagsorden.pdf"]["pages"] == _page_count(agenda) == 13
    assert files["bevaring/dagsorden.pdf"]["pages"] == 13
    originals = [f for f in manifest["files"] if f["form"] == "original"]
    assert len(originals) == 1 + 24
    assert all("bevaring/" + f["name"] in files for f in originals)
    with zipfile.ZipFile(path) as archive:
        _checked(archive)


def _layered() -> bytes:
    """A page with a shown layer and a hidden one, whose content is hidden every way a file can
    hide it: marked as the hidden layer's on the page and inside a form, a form that belongs to
    it, content whose membership needs both layers on, and a note (annotation) of the layer."""
    from pikepdf import Array, Dictionary, Name

    from tests.pdfs import make_pdf

    pdf = pikepdf.open(io.BytesIO(make_pdf(1, "LAGDELT")))
    page = pdf.pages[0]
    shown, hidden = (
        pdf.make_indirect(Dictionary(Type=Name.OCG, Name=name)) for name in ("Kort", "Noter")
    )
    both = Dictionary(Type=Name.OCMD, OCGs=Array([shown, hidden]), P=Name.AllOn)
    pdf.Root.OCProperties = Dictionary(
        OCGs=Array([shown, hidden]), D=Dictionary(OFF=Array([hidden]), Order=Array([shown, hidden]))
    )
    font = page.Resources.Font

    def form(content: bytes, **extra):
        stream = pdf.make_stream(content)
        stream.stream_dict.update(
            Dictionary(
                Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 595, 842]),
                Resources=Dictionary(Font=font, Properties=Dictionary(N=hidden)), **extra,
            )
        )  # fmt: skip
        return stream

    page.Resources.Properties = Dictionary(K=shown, N=hidden, B=both)
    page.Resources.XObject = Dictionary(
        Inside=form(b"/OC /N BDC BT /F1 12 Tf 72 560 Td (SKJULT I FORM) Tj ET EMC"),
        Whole=form(b"BT /F1 12 Tf 72 540 Td (SKJULT FORM) Tj ET", OC=hidden),
    )
    page.contents_add(
        pdf.make_stream(
            b"/OC /K BDC BT /F1 12 Tf 72 620 Td (SYNLIGT LAG) Tj ET EMC "
            b"/OC /N BDC BT /F1 12 Tf 72 600 Td (SKJULT LAG) Tj ET "
            b"/Span <</ActualText (x)>> BDC EMC EMC "
            b"/OC /B BDC BT /F1 12 Tf 72 580 Td (SKJULT MEDLEMSKAB) Tj ET EMC "
            b"/Inside Do /Whole Do"
        )
    )
    note = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.FreeText, Rect=Array([72, 480, 300, 500]),
            Contents=pikepdf.String("SKJULT NOTE"), DA=pikepdf.String("/Helv 12 Tf 0 g"), OC=hidden,
        )
    )  # fmt: skip
    page.obj.Annots = Array([note])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_layer_its_author_hid_stays_out_of_the_preservation_copy(db, tmp_path):
    """Ghostscript draws every layer; the copy shows what the file shows."""
    import subprocess

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from municipalities.preservation import converted_copy

    name = default_storage.save("test/lagdelt.pdf", ContentFile(_layered()))
    kept = converted_copy(name)
    assert kept.name, kept.reason
    with default_storage.open(kept.name, "rb") as handle:
        copy = handle.read()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=copy, capture_output=True, check=True
    ).stdout.decode()
    assert "LAGDELT side 1" in text and "SYNLIGT LAG" in text
    assert "SKJULT" not in text, text
    with pikepdf.open(io.BytesIO(copy)) as pdf:
        assert not pdf.pages[0].obj.get("/Annots")


def test_a_signed_annex_goes_into_the_pack_also_as_sent_with_its_signatures(db, users):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.publishing.signatures import signature_count

    signed = Path(__file__).parents[1] / "annexes/corpus/pyhanko-pdf-sig-with-econtent.pdf"
    data = signed.read_bytes()
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Samarbejdsaftale")
    services.annex_create(item=item, uploaded=SimpleUploadedFile("aftale.pdf", data),
                          title="Aftale underskrevet")  # fmt: skip
    annex_add(item, title="Fortrolig aftale", closed=True, signed=True)
    version = services.meeting_publish(meeting=meeting)
    rendering.render_job_run(job_id=RenderJob.objects.get(version=version).pk)
    kommuner = municipalities_make()

    def pack(client, code):
        url = reverse("municipalities:pack_download", args=[code, meeting.pk])
        archive = _fetch(client, url)
        return archive, _checked(archive)

    aalborg = Client()
    aalborg.force_login(municipality_user("aalborg", kommuner["Aalborg"]))
    archive, manifest = pack(aalborg, 851)
    signed_files = [f for f in manifest["files"] if f["form"] == "underskrevet original"]
    assert [(f["name"], f["copy_of"], f["annex_title"]) for f in signed_files] == [
        (
            "underskrevet/bilag/1.1-bilag-1-aftale-underskrevet.pdf",
            "bilag/1.1-bilag-1-aftale-underskrevet.pdf",
            "Aftale underskrevet",
        )
    ]
    assert archive.read(signed_files[0]["name"]) == data
    with pikepdf.open(io.BytesIO(archive.read(signed_files[0]["copy_of"]))) as copy:
        assert signature_count(copy) == 0
    # Who signed, as the certificate says; pyHanko finds this signature malformed, so whether
    # the file is unchanged is not known, and the XML leaves it out.
    alice = {"name": "Alice", "organisation": "Example Inc", "date": "2023-11-21", "intact": None}
    assert signed_files[0]["signers"] == [alice]
    assert [f["signers"] for f in manifest["files"] if f["form"] != "underskrevet original"] == [
        []
    ] * (len(manifest["files"]) - 1)
    xml = ElementTree.fromstring(archive.read("manifest.xml"))
    (element,) = [f for f in xml.iter("fil") if f.get("navn") == signed_files[0]["name"]]
    assert [[(tag.tag, tag.text) for tag in signer] for signer in element.iter("underskriver")] == [
        [("navn", "Alice"), ("organisation", "Example Inc"), ("dato", "2023-11-21")]
    ]
    # The closed signed annex, as sent, goes to members only, with its signer.
    members = Client()
    members.force_login(users["council_member"])
    archive, manifest = pack(members, 825)
    signed_files = [f for f in manifest["files"] if f["form"] == "underskrevet original"]
    assert [f["annex_title"] for f in signed_files] == ["Aftale underskrevet", "Fortrolig aftale"]
    today = timezone.localdate().isoformat()
    assert signed_files[1]["signers"] == [
        {"name": "Lone Underskriver", "organisation": "KKR Nordjylland", "date": today,
         "intact": True},
    ]  # fmt: skip
    xml = ElementTree.fromstring(archive.read("manifest.xml"))
    (element,) = [f for f in xml.iter("fil") if f.get("navn") == signed_files[1]["name"]]
    assert element.find("underskriver").findtext("uaendret") == "ja"
