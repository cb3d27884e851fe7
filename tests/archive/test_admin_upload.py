"""The secretariat uploads an old package in the admin; a refusal names the reason in Danish
and imports nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import ImportedPackage
from meetings.models import Meeting
from tests.archive.helpers import seed_agenda, seed_bundle
from tests.factories import BodyFactory


def _upload(client_for, bundle, **extra):
    body = BodyFactory()
    return client_for("secretariat").post(
        reverse("admin:archive_importedpackage_add"),
        {
            "body": body.pk,
            "agenda": SimpleUploadedFile("dagsorden.pdf", seed_agenda(), "application/pdf"),
            "bundle": SimpleUploadedFile("bilag.pdf", bundle, "application/pdf"),
            **extra,
        },
    )


def test_admin_upload_imports_a_published_meeting(db, client_for):
    bundle, _annexes = seed_bundle({(f"2.{n}", a): 1 for n in range(1, 13) for a in (1, 2)})
    response = _upload(client_for, bundle, closed_annexes="2.3:2")
    assert response.status_code == 302
    imported = ImportedPackage.objects.get()
    assert (imported.agenda_name, imported.bundle_name) == ("dagsorden.pdf", "bilag.pdf")
    meeting = imported.meeting
    assert meeting.status == Meeting.Status.PUBLISHED
    closed = [
        a.title
        for s in meeting.sections.all()
        for i in s.items.all()
        for a in i.annexes.all()
        if a.closed
    ]
    assert closed == ["Bilag 2.3 nr. 2 om budget 2024"]
    listing = client_for("secretariat").get(reverse("admin:archive_importedpackage_changelist"))
    assert "bilag.pdf" in listing.content.decode()


def test_admin_upload_refused_shows_the_reason_and_imports_nothing(db, client_for):
    bundle, _annexes = seed_bundle({(f"2.{n}", a): 1 for n in range(1, 13) for a in (1, 2)})
    response = _upload(client_for, bundle, closed_annexes="2.3:9")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bilag 9 til punkt 2.3 findes ikke i bilagssamlingen." in page
    assert ImportedPackage.objects.count() == 0 and Meeting.objects.count() == 0
    response = _upload(client_for, bundle, closed_annexes="2.3")
    assert "»2.3« skrives PUNKT:BILAG, fx 2.1:2." in response.content.decode()


def test_an_imported_meeting_is_not_published_again(db, client_for):
    from meetings import checklist

    bundle, _annexes = seed_bundle({(f"2.{n}", a): 1 for n in range(1, 13) for a in (1, 2)})
    _upload(client_for, bundle)
    meeting = ImportedPackage.objects.get().meeting
    for what in (checklist.AGENDA, checklist.MINUTES):
        errors = [f.code for f in checklist.run(meeting=meeting, what=what) if f.level == "error"]
        assert "imported_read_only" in errors
