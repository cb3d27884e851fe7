"""A closed item tells the public what it is about, why it is closed and, after the meeting, what
was decided, as far as confidentiality allows; the confidential title, texts and decision never
leave."""

import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from meetings import checklist, rendering, services
from meetings.models import ClosureReason, RenderJob, VersionDocument
from search.services import rebuild_all
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

SECRET = ("HEMMELIGSEN", "HEMMELIGBESLUTNING", "FORTROLIGTEKST")
PUBLIC_TITLE = "Udpegning af et medlem til Vækstforum Nordjylland"
PUBLIC_DECISION = "KKR Nordjylland udpegede et medlem til Vækstforum Nordjylland."


def _render(version):
    job = RenderJob.objects.filter(version=version).latest("created")
    rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error


def _pdf_text(version, kind, variant) -> str:
    document = VersionDocument.objects.get(version=version, kind=kind, variant=variant)
    with default_storage.open(document.file.name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join((page.extract_text() or "") for page in reader.pages)


@pytest.fixture
def reason(db):
    return ClosureReason.objects.create(
        name="Personlige forhold", legal_reference="Forvaltningslovens § 15 b, nr. 1"
    )


@pytest.fixture
def minutes(db, reason):
    meeting = MeetingFactory(title="Møde med lukket punkt")
    section = SectionFactory(meeting=meeting)
    ItemFactory(section=section, title="Åbent punkt", recommendation="<p>Det indstilles</p>")
    ItemFactory(
        section=section, title="Udpegning af Hans HEMMELIGSEN", closed=True,
        closure_reason=reason, public_title=PUBLIC_TITLE, public_decision=PUBLIC_DECISION,
        presentation="<p>FORTROLIGTEKST om kandidaten</p>",
        decision="<p>HEMMELIGBESLUTNING: Hans Hemmeligsen udpeges</p>",
    )  # fmt: skip
    _render(services.meeting_publish(meeting=meeting))
    version = services.meeting_publish_minutes(meeting=meeting)
    _render(version)
    rebuild_all()
    return meeting, version


def test_a_closed_item_without_a_reason_cannot_be_published(db):
    meeting = MeetingFactory()
    ItemFactory(section=SectionFactory(meeting=meeting), closed=True, title="Sag om en borger",
                public_title="Klage over en afgørelse om hjemmehjælp")  # fmt: skip
    errors = [f for f in checklist.run(meeting=meeting, what=checklist.AGENDA)
              if f.level == checklist.ERROR]  # fmt: skip
    assert [f.code for f in errors] == ["closed_no_reason"]


@pytest.mark.parametrize(
    ("public_title", "warned"),
    [("Personsag", True), ("Lukket punkt", True), ("fortrolig.", True),
     ("Personlige forhold", True), ("", True), (PUBLIC_TITLE, False)],
)  # fmt: skip
def test_a_generic_public_title_is_warned(reason, public_title, warned):
    meeting = MeetingFactory()
    ItemFactory(section=SectionFactory(meeting=meeting), closed=True, title="Sag om en borger",
                public_title=public_title, closure_reason=reason)  # fmt: skip
    codes = {f.code for f in checklist.run(meeting=meeting, what=checklist.AGENDA)}
    assert bool(codes & {"closed_generic_title", "closed_no_public_title"}) == warned
    assert "closed_no_reason" not in codes


@pytest.mark.parametrize("role", ["municipality", "anonymous"])
def test_the_public_reads_the_public_facts_and_never_the_confidential_ones(role, minutes,
                                                                           client_for):  # fmt: skip
    meeting, version = minutes
    client = client_for(role)
    outputs = {
        "page": client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode(),
        "minutes PDF": _pdf_text(version, "referat", "offentlig"),
        "agenda PDF": _pdf_text(version, "dagsorden", "offentlig"),
        "search": client.get(reverse("search:search"), {"q": "Vækstforum"}).content.decode(),
        "feed": client.get(reverse("meetings:feed")).content.decode(),
        "API": json.dumps(client.get(reverse("api:meeting", args=[meeting.pk])).json(),
                          ensure_ascii=False),
    }  # fmt: skip
    for name, text in outputs.items():
        for secret in SECRET:
            assert secret not in text.upper(), f"{secret} in the {name}"
    assert PUBLIC_TITLE in outputs["page"] and PUBLIC_DECISION in outputs["page"]
    assert "Personlige forhold" in outputs["page"]
    assert "Forvaltningslovens § 15 b, nr. 1" in outputs["page"]
    assert "Vækstforum" in " ".join(outputs["minutes PDF"].split())
    assert "udpegede et medlem" in " ".join(outputs["minutes PDF"].split())
    assert PUBLIC_TITLE in re.sub(r"</?mark>", "", outputs["search"])
    secret_search = client.get(reverse("search:search"), {"q": "Hemmeligsen"}).content.decode()
    assert re.search(r"\b0 resultater", secret_search)


def test_members_read_the_confidential_decision(minutes, client_for):
    meeting, version = minutes
    page = (
        client_for("council_member")
        .get(reverse("meetings:meeting_detail", args=[meeting.pk]))
        .content.decode()
    )
    assert "HEMMELIGBESLUTNING" in page and "Hans HEMMELIGSEN" in page
    assert "HEMMELIGBESLUTNING" in _pdf_text(version, "referat", "medlemmer")


def test_the_public_decision_waits_for_the_minutes(reason, client):
    meeting = MeetingFactory()
    ItemFactory(section=SectionFactory(meeting=meeting), closed=True, title="Sag",
                closure_reason=reason, public_title=PUBLIC_TITLE,
                public_decision=PUBLIC_DECISION)  # fmt: skip
    services.meeting_publish(meeting=meeting)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert PUBLIC_TITLE in page and PUBLIC_DECISION not in page
