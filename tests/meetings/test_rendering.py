"""The documents of a package: exact contents pages, stamps, bookmarks, variants, immutability."""

import io
import re

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader

from meetings import rendering, services, visibility
from meetings import snapshot as package_snapshot
from meetings.models import RenderJob, VersionDocument
from meetings.package import Package
from meetings.publishing import safety
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.pdfs import make_pdf


def _pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def _document(version, kind, variant) -> bytes:
    document = VersionDocument.objects.get(version=version, kind=kind, variant=variant)
    with default_storage.open(document.file.name, "rb") as handle:
        return handle.read()


def _render(version):
    job = RenderJob.objects.filter(version=version).latest("created")
    rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    return job


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory()
    first = SectionFactory(meeting=meeting, position=1, title="Godkendelse af referat")
    second = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    ItemFactory(section=first, position=1, title="Godkendelse af dagsorden")
    budget = ItemFactory(section=second, position=1, title="Budget 2024 for sekretariaterne")
    closed = ItemFactory(section=second, position=2, title="Udpegninger", closed=True)
    contract = ItemFactory(section=second, position=3, title="Resultatkontrakt 2024")
    annex_add(budget, title="Regnskab 2023 og budget 2024", pages=3, text="REGNSKABSTEKST")
    annex_add(budget, title="Fortroligt notat", pages=2, closed=True, text="FORTROLIGTEKST")
    annex_add(closed, title="Indstillinger", pages=4, text="PERSONTEKST")
    landscape = SimpleUploadedFile(
        "tabel.pdf", make_pdf(2, "LIGGENDETEKST", size=(842, 595)), content_type="application/pdf"
    )
    services.annex_create(item=contract, uploaded=landscape, title="Liggende tabel")
    return meeting


def _contents_entries(first_page_text: str):
    """(label, page) pairs from the 'Indholdsfortegnelse - Bilag' page."""
    entries = []
    for line in first_page_text.splitlines():
        match = re.match(r"^(.*\S)\s+(\d+)$", line.strip())
        if match and re.match(r"^(Bilag \d+:|\d+\.\d+ )", match.group(1)):
            entries.append((match.group(1), int(match.group(2))))
    return entries


@pytest.mark.parametrize("variant", ["medlemmer", "offentlig"])
def test_bundle_contents_pages_are_where_each_annex_is_stamped(meeting, variant):
    version = services.meeting_publish(meeting=meeting)
    _render(version)
    data = _document(version, "bilag", variant)
    pages = _pages_text(data)
    # The page number is drawn first (see meetings/publishing/stamp.py), then the page.
    assert pages[0].splitlines()[1] == "Indholdsfortegnelse - Bilag"
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Bilagssamling side {number} af {total}" in text
    # Every annex in the contents starts on a page stamped with its item and annex label.
    annexes = [(label, page) for label, page in _contents_entries(pages[0]) if "Bilag" in label]
    assert [label.split(":")[0] for label, _ in annexes] == [
        "Bilag 1",
        "Bilag 2",
        "Bilag 1",
        "Bilag 1",
    ]
    items_in_contents = re.findall(r"^(\d+\.\d+) ", pages[0], flags=re.MULTILINE)
    assert items_in_contents == ["2.1", "2.2", "2.3"]
    for label, page in annexes:
        assert label in pages[page - 1], (label, page)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_outline() as outline:
            top = [entry.title for entry in outline.root]
            children = [child.title for entry in outline.root for child in entry.children]
        assert top[1:] == [
            "2.1 Budget 2024 for sekretariaterne",
            "2.2 Udpegninger",
            "2.3 Resultatkontrakt 2024",
        ]
        assert len(children) == 4
        assert str(pdf.Root.Lang) == "da"
        assert "Bilag" in str(pdf.docinfo["/Title"])


def test_public_bundle_holds_no_closed_text_and_same_numbering(meeting):
    version = services.meeting_publish(meeting=meeting)
    _render(version)
    members = "\n".join(_pages_text(_document(version, "bilag", "medlemmer")))
    public_pages = _pages_text(_document(version, "bilag", "offentlig"))
    public = "\n".join(public_pages)
    assert "FORTROLIGTEKST" in members and "PERSONTEKST" in members
    assert "FORTROLIGTEKST" not in public and "PERSONTEKST" not in public
    assert "Fortroligt notat" not in public and "Indstillinger" not in public
    assert "REGNSKABSTEKST" in public and "LIGGENDETEKST" in public
    members_labels = [
        label.split(":")[0]
        for label, _ in _contents_entries(_pages_text(_document(version, "bilag", "medlemmer"))[0])
    ]
    public_entries = _contents_entries(public_pages[0])
    assert [label.split(":")[0] for label, _ in public_entries] == members_labels
    # Closed annexes are one-page stubs, and the public bundle's own numbers are exact.
    for label, page in public_entries:
        if label.startswith("Bilag") and "Lukket bilag" in label:
            assert "Lukket bilag" in public_pages[page - 1]
            assert page < len(public_pages)
            assert "Lukket bilag" not in public_pages[page] or "Bilag" in public_pages[page]
    closed_pages = 2 + 4
    assert (
        len(public_pages)
        == len(_pages_text(_document(version, "bilag", "medlemmer"))) - closed_pages
    )


def test_stamp_keeps_landscape_pages_and_their_text(meeting):
    version = services.meeting_publish(meeting=meeting)
    _render(version)
    data = _document(version, "bilag", "medlemmer")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sizes = {tuple(round(float(v)) for v in page.mediabox) for page in pdf.pages}
    # Each page keeps its size and gains a strip below it for the page number (8 pt type on
    # A4 and A4 landscape, whose short side is the same).
    assert (0, -18, 842, 595) in sizes and (0, -18, 595, 842) in sizes
    texts = _pages_text(data)
    landscape = [t for t in texts if "LIGGENDETEKST side 1" in t]
    assert landscape and "Bilagssamling side" in landscape[0]


def test_public_agenda_shows_closed_item_only_by_number_and_title(package):
    version = package["meeting"].versions.get()
    documents = dict(
        ((kind, variant), data)
        for kind, variant, data in rendering.package_documents(visibility.frozen_package(version))
    )
    public = "\n".join(_pages_text(documents[("dagsorden", "offentlig")]))
    members = "\n".join(_pages_text(documents[("dagsorden", "medlemmer")]))
    assert "Udpegninger" in public and "LUKKETTEKST" not in public
    assert "LUKKETTEKST" in members
    assert "HEMMELIGBESLUTNING" not in public + members
    with pikepdf.open(io.BytesIO(documents[("dagsorden", "offentlig")])) as pdf:
        assert str(pdf.Root.Lang) == "da"
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked
        assert "Dagsorden" in str(pdf.open_metadata().get("dc:title"))
        with pdf.open_outline() as outline:
            titles = [e.title for e in outline.root] + [
                c.title for e in outline.root for c in e.children
            ]
        assert any("Regionalpolitiske sager" in title for title in titles), titles
        # The contents' links say which page they go to, not the anchor they were laid out with.
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        named = safety.named_destinations(pdf)
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert links
        for link in links:
            target = named[bytes(link.Dest)]
            assert str(link.Contents) == f"Gå til side {index[target[0].objgen]}"


def test_agenda_contents_page_numbers_are_real(package):
    version = package["meeting"].versions.get()
    data = dict(
        ((kind, variant), data)
        for kind, variant, data in rendering.package_documents(visibility.frozen_package(version))
    )[("dagsorden", "medlemmer")]
    pages = _pages_text(data)
    contents = pages[1]
    # The fixture's only section is renumbered to 1 when published.
    for number, title in (("1.1", "Vækst Via Viden"), ("1.2", "Udpegninger")):
        match = re.search(rf"{re.escape(number)}\. {title}[\s.]*(\d+)", contents)
        assert match, contents
        page = int(match.group(1))
        assert f"{number}. {title}" in pages[page - 1]


def test_version_pdfs_never_change_and_next_version_lists_changes(meeting):
    first = services.meeting_publish(meeting=meeting)
    _render(first)
    before = {
        (d.kind, d.variant): _document(first, d.kind, d.variant) for d in first.documents.all()
    }
    budget = meeting.sections.get(position=2).items.get(position=1)
    budget.presentation = "<p>Ny sagsfremstilling</p>"
    budget.save()
    closed_annex = budget.annexes.get(position=2)
    closed_annex.delete()
    contract = meeting.sections.get(position=2).items.get(position=3)
    annex_add(contract, title="Underskrevet kontrakt", pages=1)
    moved = meeting.sections.get(position=1).items.get()
    moved.section = meeting.sections.get(position=2)
    moved.position = 9
    moved.save()
    second = services.meeting_publish(meeting=meeting)
    with translation.override("en"):  # whoever set the render off, the bundle is Danish
        _render(second)
    after = {
        (d.kind, d.variant): _document(first, d.kind, d.variant) for d in first.documents.all()
    }
    assert after == before
    kinds = sorted((c["kind"], c["number"]) for c in second.changes)
    assert kinds == sorted(
        [
            ("text_changed", "2.1"),
            ("annex_removed", "2.1"),
            ("annex_added", "2.3"),
            ("item_moved", "2.4"),
        ]
    )
    front = _pages_text(_document(second, "bilag", "offentlig"))
    assert any("Ændret siden version 1" in page for page in front[:3])
    bundle = _document(second, "bilag", "offentlig")
    with pikepdf.open(io.BytesIO(bundle)) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root][:2]
        changes_page = outline.root[1].destination[0].objgen
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    # The bookmark leads to the page that lists the changes.
    assert titles == ["Indholdsfortegnelse - Bilag", "Ændringer siden forrige version"]
    assert "Ændret siden version 1" in front[index[changes_page]]


def test_range_request_returns_206_with_the_right_bytes(package, client_for):
    from django.urls import reverse

    client = client_for("anonymous")
    url = reverse("meetings:document_download", args=[package["meeting"].pk, "bilag-offentlig"])
    whole = b"".join(client.get(url).streaming_content)
    response = client.get(url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert b"".join(response.streaming_content) == whole[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert b"".join(tail.streaming_content) == whole[-50:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(whole) + 10}-").status_code == 416
    assert "Bilagssamling%20v1%20%28offentlig%29.pdf" in client.get(url)["Content-Disposition"]


def test_claim_is_exclusive(meeting):
    version = services.meeting_publish(meeting=meeting)
    job = RenderJob.objects.get(version=version)
    rendering.render_job_claim(job_id=job.pk)
    with pytest.raises(rendering.JobNotClaimed):
        rendering.render_job_claim(job_id=job.pk)


def test_failed_job_keeps_its_reason_and_can_be_retried(
    meeting, django_capture_on_commit_callbacks
):
    version = services.meeting_publish(meeting=meeting)
    job = RenderJob.objects.get(version=version)
    annex = meeting.sections.get(position=2).items.get(position=1).annexes.first()
    default_storage.delete(annex.file.name)
    with pytest.raises(FileNotFoundError):
        rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert "FileNotFoundError" in job.error
    assert not version.documents.filter(kind="bilag").exists()
    rendering.render_job_retry(job=job)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.QUEUED


def test_cache_ignores_an_entry_cut_short(db):
    from django.core.files.base import ContentFile

    from meetings.publishing.cache import StorageCache

    cache = StorageCache()
    key = "ab" + "c" * 62
    data = make_pdf(2)
    name = f"cache/ab/{key}-{len(data)}.pdf"
    default_storage.save(name, ContentFile(data[: len(data) // 2]))  # a writer died midway
    assert cache.get(key) is None
    cache.set(key, data + b"\n")
    assert cache.get(key) == data + b"\n"


def test_agenda_stays_the_agenda_after_the_minutes(db):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=1, title="Sager")
    ItemFactory(
        section=section, position=1, title="Budget 2024", decision="<p>BESLUTNINGSTEKST</p>"
    )
    snapshot = package_snapshot.meeting_snapshot(meeting=meeting)
    documents = {
        (kind, variant): data
        for kind, variant, data in rendering.package_documents(
            Package.from_json(snapshot), minutes=True
        )
    }
    for variant in ("medlemmer", "offentlig"):
        agenda = "\n".join(_pages_text(documents[("dagsorden", variant)]))
        minutes = "\n".join(_pages_text(documents[("referat", variant)]))
        assert "Budget 2024" in agenda and "BESLUTNINGSTEKST" not in agenda
        assert "BESLUTNINGSTEKST" in minutes


def test_an_unusable_annex_is_named_and_the_agenda_is_still_made(meeting):
    from django.core.files.base import ContentFile

    version = services.meeting_publish(meeting=meeting)
    job = RenderJob.objects.get(version=version)
    annex = meeting.sections.get(position=2).items.get(position=1).annexes.first()
    # A stored file that has gone bad since it was checked (here: no longer a PDF at all).
    default_storage.delete(annex.file.name)
    default_storage.save(annex.file.name, ContentFile(b"%PDF-1.7\n" + b"\x00" * 400 + b"%%EOF\n"))
    rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert "Bilag 1 til punkt 2.1 »Regnskab 2023 og budget 2024« kan ikke samles" in job.error
    assert "PDF-filen kan ikke læses" in job.error and "Erstat bilaget" in job.error
    made = set(version.documents.values_list("kind", "variant"))
    assert ("dagsorden", "medlemmer") in made and ("dagsorden", "offentlig") in made
    assert ("bilag", "medlemmer") not in made


def test_job_progress_is_kept_as_numbers(meeting):
    from meetings.selectors import render_status

    version = services.meeting_publish(meeting=meeting)
    job = _render(version)
    # The parts added up: four annex places in each of the two bundles, and the two agendas.
    assert (job.done, job.total) == (10, 10)
    status = render_status(meeting=meeting)["versions"][0]
    assert (status["done"], status["total"]) == (10, 10)
