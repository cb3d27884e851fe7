"""What a device may keep: the package a member saves, and the answer the service worker gets at
each contact (logged out, withdrawn, expired)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting, PackageVersion
from meetings.rules import COUNCIL_MEMBER, SECRETARIAT
from tests.factories import user_with_role
from tests.notes.helpers import published_meeting

pytestmark = pytest.mark.django_db


def _status(client, meeting):
    return client.get(reverse("notes:offline_status") + f"?m={meeting.pk},99999").json()


def test_the_package_lists_the_members_pages_pdfs_annexes_and_notes(client):
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, annex = published_meeting()
    client.force_login(member)
    package = client.get(reverse("notes:offline", args=[meeting.pk]))
    assert package["Cache-Control"] == "private, no-store"
    data = package.json()
    assert data["version"] == 1
    assert data["urls"][:3] == [
        f"/moeder/{meeting.pk}/",
        f"/noter/moeder/{meeting.pk}/",
        f"/noter/moeder/{meeting.pk}/api/",
    ]
    assert f"/moeder/{meeting.pk}/bilag/{annex.uid}/" in data["urls"]
    assert f"/noter/moeder/{meeting.pk}/bilag/{annex.uid}/" in data["urls"]
    assert "/static/vendor/pdfjs/pdf.worker.min.mjs" in data["static"]


def test_the_device_keeps_a_meeting_while_its_version_stands(client):
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, item, _annex = published_meeting()
    client.force_login(member)
    first = _status(client, meeting)
    assert first["authenticated"] and first["meetings"] == {str(meeting.pk): 1}

    item.title = "Temarække om mobilitet (rettet)"
    item.save()
    meeting_services.meeting_publish(meeting=meeting)
    assert _status(client, meeting)["meetings"] == {str(meeting.pk): 2}  # fetched again

    version = PackageVersion.objects.get(meeting=meeting, number=2)
    meeting_services.version_withdraw(
        version=version, user=user_with_role("sekr", SECRETARIAT), reason="Fejl i bilag"
    )
    assert _status(client, meeting)["meetings"] == {str(meeting.pk): 1}


def test_logged_out_or_expired_means_nothing_may_stay(client):
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, _annex = published_meeting()
    assert _status(client, meeting) == {"authenticated": False, "user": "", "meetings": {}}
    client.force_login(member)
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - datetime.timedelta(days=15))
    assert _status(client, meeting)["meetings"] == {}
    refused = client.get(reverse("notes:offline", args=[meeting.pk]))
    assert refused.status_code == 400
    assert refused.json()["error"] == "Mødet kan ikke gemmes til offline brug."


def test_the_member_exports_their_notes_as_markdown(client):
    from notes import services

    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, annex = published_meeting()
    services.note_create(
        author=member,
        meeting=meeting,
        data=services.NoteInput(
            item_number="1.1", exact="gennemført besparelser i 2023", body="Hvilke?",
            annex_uid=str(annex.uid), page=3,
        ),
    )  # fmt: skip
    client.force_login(member)
    response = client.get(reverse("notes:export_markdown", args=[meeting.pk]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert "## Punkt 1.1, Bilag 1: Mobilitetssurvey, side 3" in text
    assert "> gennemført besparelser i 2023\n\nHvilke?" in text


def test_every_page_offers_the_installable_app_and_its_service_worker_covers_the_site(client):
    page = client.get(reverse("meetings:meeting_list")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert (data["start_url"], data["scope"], data["display"]) == ("/", "/", "standalone")
    assert [icon["sizes"] for icon in data["icons"]] == ["192x192", "512x512", "512x512"]
    worker = client.get("/sw.js")
    assert worker["Content-Type"] == "text/javascript; charset=utf-8"
    assert worker["Service-Worker-Allowed"] == "/"
    assert 'const STATUS_URL = "/noter/offline/status.json";' in worker.content.decode()


def test_the_service_worker_keeps_every_script_the_offline_pages_import():
    """A module the reader imports but the device did not keep breaks the reader offline."""
    import re
    from pathlib import Path

    from notes.views_offline import STATIC_FILES

    static = Path(__file__).resolve().parents[2] / "static"
    scripts = [name for name in STATIC_FILES if name.startswith("js/")]
    for name in scripts:
        for imported in re.findall(r'from "\./([\w-]+\.js)"', (static / name).read_text()):
            assert f"js/{imported}" in STATIC_FILES, (name, imported)
    assert "js/pdf-pages.js" in scripts
