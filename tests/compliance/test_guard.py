"""The personal-data guard: a CPR number in public content stops publishing until handled."""

import io

import pikepdf
import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance import guard
from compliance.models import PersonalDataDismissal
from meetings import checklist, services
from meetings.models import PackageVersion
from search.services import annex_text_extract
from tests.factories import ItemFactory, MeetingFactory, SectionFactory
from tests.pdfs import make_pdf


def two_page_pdf(first: str, second: str) -> bytes:
    out = pikepdf.new()
    for text in (first, second):
        out.pages.extend(pikepdf.open(io.BytesIO(make_pdf(1, text))).pages)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(title="Møde med persondata")
    section = SectionFactory(meeting=meeting)
    item = ItemFactory(section=section, title="Ansøgninger", recommendation="<p>Det indstilles</p>",
                       presentation="<p>Kontakt sagsbehandleren på tlf. 98 12 34 56.</p>")  # fmt: skip
    upload = SimpleUploadedFile("a.pdf", two_page_pdf("Indledning", "Ansøger cpr 010203-1234"))
    annex = services.annex_create(item=item, uploaded=upload, title="Ansøgning")
    annex_text_extract(annex_id=annex.pk)
    closed = ItemFactory(section=section, title="Personsag", closed=True,
                         recommendation="<p>Det indstilles</p>",
                         presentation="<p>Borgeren 070761-4285 klager.</p>")  # fmt: skip
    return {"meeting": meeting, "item": item, "annex": annex, "closed": closed}


def personal(meeting, what=checklist.AGENDA):
    return [f for f in checklist.run(meeting=meeting, what=what) if f.code.startswith("personal")]


def test_a_cpr_number_in_an_open_annex_is_an_error_with_its_page(meeting):
    findings = personal(meeting["meeting"])
    errors = [f for f in findings if f.level == checklist.ERROR]
    assert len(errors) == 1
    assert "Bilag 1 “Ansøgning”, side 2" in errors[0].message
    assert "«010203-1234»" in errors[0].message and "CPR-nummer" in errors[0].message
    warnings = [f for f in findings if f.level == checklist.WARNING]
    assert any("Telefonnummer" in f.message and "Sagsfremstilling" in f.message for f in warnings)
    assert not any("070761-4285" in f.message for f in findings)  # the closed item is not public


def test_publishing_is_refused_while_the_cpr_number_is_public(meeting, client_for):
    url = reverse("admin:meetings_meeting_publish", args=[meeting["meeting"].pk])
    client = client_for("secretariat")
    page = client.get(url).content.decode()
    assert "Markér som ikke personoplysning" in page
    client.post(url, {"what": "agenda", "reason": "ok",
                      "accept": [f.key for f in personal(meeting["meeting"])]})  # fmt: skip
    assert not PackageVersion.objects.filter(meeting=meeting["meeting"]).exists()


def test_closing_the_annex_lifts_the_block(meeting):
    meeting["annex"].closed = True
    meeting["annex"].save()
    assert not [f for f in personal(meeting["meeting"]) if f.level == checklist.ERROR]


def test_marking_a_finding_not_personal_is_recorded_and_lets_it_through(meeting, client_for, users):
    (error,) = [f for f in personal(meeting["meeting"]) if f.level == checklist.ERROR]
    client = client_for("secretariat")
    page = client.get(error.url).content.decode()
    assert "010203-1234" in page
    response = client.post(error.url, {"reason": "Et journalnummer fra Region Nordjylland"})
    assert response.status_code == 302
    assert not [f for f in personal(meeting["meeting"]) if f.level == checklist.ERROR]
    record = PersonalDataDismissal.objects.get()
    assert (record.user, record.match) == (users["secretariat"], "010203-1234")
    log = LogEntry.objects.get(object_id=str(meeting["meeting"].pk))
    assert "Et journalnummer fra Region Nordjylland" in log.change_message
    assert log.user == users["secretariat"]


@pytest.mark.parametrize("role", ["council_member", "municipality", "anonymous"])
def test_only_the_secretariat_may_mark_findings(role, meeting, client_for):
    (error,) = [f for f in personal(meeting["meeting"]) if f.level == checklist.ERROR]
    assert client_for(role).post(error.url, {"reason": "x"}).status_code == 404
    assert not PersonalDataDismissal.objects.exists()


def test_decisions_are_scanned_for_the_minutes_only(meeting):
    meeting["item"].decision = "<p>Svar sendes til jens@example.dk</p>"
    meeting["item"].save()
    assert not any("jens@example.dk" in f.message for f in personal(meeting["meeting"]))
    minutes = personal(meeting["meeting"], checklist.MINUTES)
    assert any("jens@example.dk" in f.message for f in minutes)


def test_a_cpr_number_in_a_forms_comb_field_is_found(db):
    """A comb field (one digit to a box) is read by pdftotext a digit at a time, "0 7 0 7 6 1 4
    2 8 5"; the reader's copy shows the number whole. It stops publishing like any other."""
    from tests.annexes.helpers import CORPUS, saved

    pdf = pikepdf.open(CORPUS / "pypdf-pdflatex-forms.pdf")  # a form that asks to be drawn
    for widget in pdf.pages[0].Annots:
        if str(widget.get("/T")) == "Name":
            widget.Ff, widget.MaxLen = 1 << 24, 10  # comb
            widget.V = pikepdf.String("0707614285")
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Ansøgning")
    services.annex_create(
        item=item, uploaded=SimpleUploadedFile("skema.pdf", saved(pdf)), title="Skema"
    )
    errors = [f for f in personal(meeting) if f.level == checklist.ERROR]
    assert len(errors) == 1 and "«0 7 0 7 6 1 4 2 8 5»" in errors[0].message, errors


def _map_with_owners(owners: str):
    """A meeting whose one item has a map as its annex, with a layer "Ejere" its author hid."""
    from tests.pdfs import with_hidden_layer

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Lokalplan")
    data = with_hidden_layer(make_pdf(1, "Kort over området"), "Ejere", owners)
    annex = services.annex_create(
        item=item, uploaded=SimpleUploadedFile("kort.pdf", data), title="Kort"
    )
    return meeting, annex


def test_a_hidden_layer_goes_out_with_the_file_so_it_is_read_and_named(db):
    """A layer its author turned off is in the file for any reader to turn on: a CPR number in
    it stops publishing like any other, and the layer itself is named for the secretariat."""
    from search.models import AnnexText

    meeting, annex = _map_with_owners("Ejer cpr 010203-1234")
    annex_text_extract(annex_id=annex.pk)
    assert "Ejer cpr 010203-1234" in AnnexText.objects.get(sha256=annex.sha256).text
    findings = checklist.run(meeting=meeting, what=checklist.AGENDA)
    errors = [f for f in findings if f.code.startswith("personal") and f.level == checklist.ERROR]
    assert len(errors) == 1 and "Bilag 1 “Kort”, side 1" in errors[0].message
    layers = [f for f in findings if f.code.startswith("hidden_layers")]
    assert len(layers) == 1 and layers[0].level == checklist.WARNING
    assert "“Ejere”" in layers[0].message and "bilag 1 “Kort”" in layers[0].message


def test_hidden_layers_are_read_with_the_text_not_from_the_file_at_every_look(db):
    """The checklist and the item's admin page name an annex's hidden layers from what was read
    with its text; a text read before they were has them read from the file once, and kept."""
    from django.core.files.storage import default_storage

    from search.models import AnnexText

    meeting, annex = _map_with_owners("Ejere: se matriklen")
    annex_text_extract(annex_id=annex.pk)
    assert AnnexText.objects.get(sha256=annex.sha256).hidden_layers == ["Ejere"]
    # Read before the layers were: the names are read from the file once and kept with the text.
    AnnexText.objects.filter(sha256=annex.sha256).update(hidden_layers=None)
    assert guard.hidden_layers(annex) == ["Ejere"]
    assert AnnexText.objects.get(sha256=annex.sha256).hidden_layers == ["Ejere"]
    # From then on the file is not opened: the checklist names the layer without it.
    default_storage.delete(annex.file.name)
    findings = checklist.run(meeting=meeting, what=checklist.AGENDA)
    assert any("“Ejere”" in f.message for f in findings if f.code.startswith("hidden_layers"))


def test_an_annex_without_hidden_layers_is_not_named(meeting):
    findings = checklist.run(meeting=meeting["meeting"], what=checklist.AGENDA)
    assert not [f for f in findings if f.code.startswith("hidden_layers")]


def test_a_text_read_before_every_layer_was_is_read_again_for_a_file_with_hidden_layers(db):
    from search.models import AnnexText

    meeting, annex = _map_with_owners("Ejer cpr 010203-1234")
    # As the text of a file was read before: the shown layers only.
    AnnexText.objects.create(
        sha256=annex.sha256, text="Kort over området side 1", pages=1, pages_with_text=1
    )
    errors = [f for f in personal(meeting) if f.level == checklist.ERROR]
    assert len(errors) == 1 and "«010203-1234»" in errors[0].message
    assert AnnexText.objects.get(sha256=annex.sha256).every_layer
