"""Every reader of a frozen package reads it typed (meetings/package.py): a stored version that
lacks a field fails where the version is loaded, naming the field, before any page, PDF, e-mail
or feed is made of it; and each of them is made from the typed package."""

import io

import feedparser
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings import selectors, services, tasks, visibility
from meetings.models import ClosureReason, PackageVersion, RenderJob, Subscription
from meetings.notifications import version_notify
from meetings.package import ClosedItemFacts, Package, PackageError
from meetings.publishing import jobs, layout


def _stored_without(version: PackageVersion, *path, field: str) -> None:
    """The version as stored lacks one field (a version frozen by a build that misspelt it)."""
    data = PackageVersion.objects.get(pk=version.pk).snapshot
    node = data
    for key in path:
        node = node[key]
    del node[field]
    PackageVersion.objects.filter(pk=version.pk).update(snapshot=data)
    version.snapshot = data


@pytest.fixture
def closed_reason_version(package):
    """Version 2, where the closed item says why it is closed."""
    item = package["closed_item"]
    item.closure_reason = ClosureReason.objects.create(
        name="Private forhold", legal_reference="Forvaltningslovens § 15 b, nr. 1"
    )
    item.public_title = "Udpegning til bestyrelse"
    item.save()
    return services.meeting_publish(meeting=package["meeting"])


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


MISSING_FIELDS = [
    (("sections", 0, "items", 0, "annexes", 0), "original_name",
     "punkt 1.1, bilag 1: feltet 'original_name' mangler"),
    (("sections", 0, "items", 1, "public"), "reason",
     "punkt 1.2, offentlige oplysninger: feltet 'reason' mangler"),
    (("sections", 0, "items", 0), "texts", "punkt 1.1: feltet 'texts' mangler"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "field", "message"), MISSING_FIELDS)
def test_a_missing_field_fails_where_the_version_is_loaded(
    path, field, message, closed_reason_version, package, client_for, users
):
    _stored_without(closed_reason_version, *path, field=field)
    for user in (users["council_member"], users["municipality"]):
        reader = selectors.reader_package(meeting_id=package["meeting"].pk, user=user)
        with pytest.raises(PackageError, match=message):
            reader.typed  # noqa: B018 (loading is the point)
    for audience in visibility.Audience:
        with pytest.raises(PackageError, match=message):
            visibility.typed_package_for(closed_reason_version, audience=audience)
    # The page fails as it loads the package, not with a KeyError inside a template.
    with pytest.raises(PackageError, match=message):
        client_for("council_member").get(reverse("meetings:meeting_detail", args=[package["meeting"].pk]))  # fmt: skip


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [*MISSING_FIELDS, (("meeting",), "title", "møde: feltet 'title' mangler")],
)
def test_a_missing_field_fails_the_render_job_by_name(path, field, message, closed_reason_version):
    """The worker loads the version as the pages do: the job fails before any document is laid
    out, naming the field, and keeps the reason for the secretariat; nothing is stored, and the
    job is not left running for the sweep to send again."""
    _stored_without(closed_reason_version, *path, field=field)
    job = RenderJob.objects.get(version=closed_reason_version)
    with pytest.raises(PackageError, match=message):
        jobs.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert message in job.error
    assert not closed_reason_version.documents.exists()
    # Retried from the admin and run as a worker runs it: the task ends, the job fails again.
    jobs.render_job_retry(job=job)
    tasks.render_version.apply(args=(job.pk,))
    job.refresh_from_db()
    assert (job.status, job.attempts) == (RenderJob.Status.FAILED, 2)
    assert message in job.error
    assert not closed_reason_version.documents.exists()


def test_a_missing_meeting_field_fails_the_e_mail_and_the_feed_by_name(
    closed_reason_version, package, client_for, users
):
    _stored_without(closed_reason_version, "meeting", field="title")
    Subscription.objects.create(user=users["municipality"], body=package["meeting"].body)
    users["municipality"].email = "kommune@example.dk"
    users["municipality"].save()
    with pytest.raises(PackageError, match="møde: feltet 'title' mangler"):
        version_notify(version_id=closed_reason_version.pk)
    with pytest.raises(PackageError, match="møde: feltet 'title' mangler"):
        client_for("anonymous").get(reverse("meetings:feed"))
    assert mail.outbox == []


def test_the_reader_page_shows_the_typed_closed_item_facts(
    closed_reason_version, package, client_for
):
    typed = Package.from_json(closed_reason_version.snapshot)
    closed = typed.find_item(number="1.2")
    assert closed.public == ClosedItemFacts(
        title="Udpegning til bestyrelse", reason="Private forhold",
        reference="Forvaltningslovens § 15 b, nr. 1", decision="",
    )  # fmt: skip
    url = reverse("meetings:meeting_detail", args=[package["meeting"].pk])
    public_page = client_for("anonymous").get(url).content.decode()
    assert "Lukket af hensyn til: Private forhold (Forvaltningslovens § 15 b, nr. 1)" in public_page
    assert "Udpegning til bestyrelse" in public_page and "Vækst Via Viden" in public_page
    assert "LUKKETTEKST" not in public_page and "Fortroligt notat" not in public_page
    member_page = client_for("council_member").get(url).content.decode()
    assert "LUKKETTEKST" in member_page and "Fortroligt notat" in member_page


def test_the_agenda_pdf_is_laid_out_from_the_typed_package(closed_reason_version):
    public = visibility.typed_package_for(
        closed_reason_version, audience=visibility.Audience.PUBLIC
    )
    text = _pdf_text(layout.agenda_pdf(public, variant="offentlig", version_number=2))
    start = timezone.localtime(public.meeting.start)
    assert f"Dagsorden – {public.meeting.body} {start:%-d}." in text
    assert "1.1. Vækst Via Viden" in text and "1.2. Udpegning til bestyrelse" in text
    assert "Lukket af hensyn til: Private forhold" in text
    assert "LUKKETTEKST" not in text and "Fortroligt notat" not in text
    members = visibility.typed_package_for(
        closed_reason_version, audience=visibility.Audience.MEMBERS
    )
    assert "LUKKETTEKST" in _pdf_text(layout.agenda_pdf(members, variant="medlemmer"))
    title = layout.bundle_title(public, 2)
    assert title == f"Bilag – {public.meeting.body} {start:%d.%m.%Y} – version 2"


def test_the_e_mail_and_the_feed_tell_the_typed_meeting_facts(
    closed_reason_version, package, client_for, users
):
    facts = visibility.frozen_facts(closed_reason_version)
    start = timezone.localtime(facts.start)
    user = users["municipality"]
    user.email = "kommune@example.dk"
    user.save()
    Subscription.objects.create(user=user, body=package["meeting"].body)
    assert version_notify(version_id=closed_reason_version.pk) == 1
    (message,) = mail.outbox
    assert message.subject == f"Dagsorden: {facts.title} {start:%d.%m.%Y} – version 2"
    assert (
        f"Dagsorden til {facts.title} {start:%d.%m.%Y kl. %H.%M} er offentliggjort." in message.body
    )
    feed = feedparser.parse(client_for("anonymous").get(reverse("meetings:feed")).content)
    assert [entry.title for entry in feed.entries] == [
        f"Dagsorden: {facts.title} {start:%d.%m.%Y} (version 2)",
        f"Dagsorden: {facts.title} {start:%d.%m.%Y} (version 1)",
    ]
