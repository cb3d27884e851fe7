"""The builder in the admin: the meeting's page holds the outline; each item is edited on its own
page with its annexes; publishing goes through the checklist page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import AgendaItem, Annex
from tests.factories import ItemFactory, MeetingFactory, SectionFactory
from tests.forms import form_data
from tests.pdfs import encrypt, make_pdf


@pytest.fixture
def secretary(client_for):
    return client_for("secretariat")


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory()
    first = SectionFactory(meeting=meeting, position=1, title="Godkendelse af referat")
    ItemFactory(section=first, position=1, title="Godkendelse af dagsorden")
    second = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    for position, title in enumerate(["Vækst Via Viden", "Budget 2024", "Klimaalliancen"], 1):
        ItemFactory(section=second, position=position, title=title)
    return meeting


def _item_page(client, item):
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response.content.decode(), "agendaitem_form")


def test_meeting_page_lists_the_outline_with_derived_numbers(secretary, meeting):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = secretary.get(url).content.decode()
    import re

    numbers = re.findall(r'<span class="num item-num">([\d.]+)</span>', page)
    assert numbers == ["1.1", "2.1", "2.2", "2.3"]
    assert "Tilføj endnu et afsnit" in page and "Tilføj endnu en" not in page
    assert 'class="drag-handle"' in page


def test_item_texts_are_cleaned_when_saved(secretary, meeting):
    item = AgendaItem.objects.get(title="Vækst Via Viden")
    url, data = _item_page(secretary, item)
    data["recommendation"] = "<p>Det indstilles <script>alert(1)</script></p>"
    data["presentation"] = (
        '<ul><li>punkt</li></ul><table class="MsoTableGrid"><tr><td>Aalborg</td></tr></table>'
    )
    response = secretary.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert "<script>" not in item.recommendation
    assert "<li>punkt</li>" in item.presentation and "MsoTableGrid" not in item.presentation


def test_annexes_added_in_the_item_table(secretary, meeting):
    item = AgendaItem.objects.get(title="Budget 2024")
    url, data = _item_page(secretary, item)
    data["annexes-TOTAL_FORMS"] = "2"
    data["annexes-0-file"] = SimpleUploadedFile(
        "Budget_og_takster_2024.pdf", make_pdf(3), content_type="application/pdf"
    )
    data["annexes-1-title"] = "Takstoversigt"
    data["annexes-1-file"] = SimpleUploadedFile("x.pdf", make_pdf(1), "application/pdf")
    response = secretary.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    annexes = list(item.annexes.all())
    assert [(a.position, a.title, a.page_count) for a in annexes] == [
        (1, "Budget og takster 2024", 3),
        (2, "Takstoversigt", 1),
    ]
    assert annexes[0].original_name == "Budget_og_takster_2024.pdf"
    assert len(annexes[0].sha256) == 64 and annexes[0].size > 0
    page = secretary.get(url).content.decode()
    assert "Budget og takster 2024" in page and annexes[0].file.name not in page


BAD_UPLOADS = [
    ("notat.docx", b"PK\x03\x04 not a pdf", "ikke en PDF-fil"),
    ("tom.pdf", b"", "tom"),
    ("afskaaret.pdf", make_pdf(20)[:900], "ufuldstændig"),
    ("kodeord.pdf", encrypt(make_pdf(2), user_password="hemmelig"), "krypteret"),
]


@pytest.mark.parametrize("name,content,message", BAD_UPLOADS)
def test_bad_upload_gets_danish_message_and_loses_nothing(
    secretary, meeting, name, content, message
):
    item = AgendaItem.objects.get(title="Vækst Via Viden")
    url, data = _item_page(secretary, item)
    data["title"] = "Ny titel der ikke må gå tabt"
    data["annexes-TOTAL_FORMS"] = "1"
    data["annexes-0-file"] = SimpleUploadedFile(name, content)
    response = secretary.post(url, data)
    assert response.status_code == 200  # the form is shown again with the error
    page = response.content.decode()
    assert message in page
    assert "Ny titel der ikke må gå tabt" in page  # the typing is still in the form
    item.refresh_from_db()
    assert item.title == "Vækst Via Viden" and not Annex.objects.exists()
    # The same file through the multiple upload: a Danish reason, nothing stored.
    upload = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])
    response = secretary.post(upload, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and message in response.json()["error"]
    assert not Annex.objects.exists()


def test_oversize_upload_is_refused(secretary, meeting, settings):
    settings.ANNEX_MAX_BYTES = 2000
    item = AgendaItem.objects.get(title="Vækst Via Viden")
    upload = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])
    response = secretary.post(upload, {"file": SimpleUploadedFile("stor.pdf", make_pdf(40))})
    assert "Filen er for stor" in response.json()["error"]
    assert not Annex.objects.exists()


def test_publish_through_the_checklist_and_live_render_status(secretary, meeting):
    publish = reverse("admin:meetings_meeting_publish", args=[meeting.pk])
    status_url = reverse("admin:meetings_meeting_render_status", args=[meeting.pk])
    assert secretary.get(status_url).json()["versions"] == []
    page = secretary.get(publish, {"what": "agenda"}).content.decode()
    assert "Det offentliggøres som version 1" in page
    assert "2.3 Klimaalliancen" in page
    response = secretary.post(publish, {"what": "agenda"})
    assert response.status_code == 302
    status = secretary.get(status_url).json()
    assert [(v["number"], v["status"]) for v in status["versions"]] == [(1, "queued")]
    from meetings.models import RenderJob
    from meetings.rendering import render_job_run

    render_job_run(job_id=RenderJob.objects.get().pk)
    version = secretary.get(status_url).json()["versions"][0]
    assert version["status"] == "done" and version["progress"] == "Færdig"
    assert sorted(d["label"] for d in version["documents"]) == [
        "Bilagssamling (medlemmer)",
        "Bilagssamling (offentlig)",
        "Dagsorden (medlemmer)",
        "Dagsorden (offentlig)",
    ]
    # Nothing changed: the checklist says so and a second version is refused.
    page = secretary.get(publish, {"what": "agenda"}).content.decode()
    assert "Intet er ændret siden version 1;" in page
    secretary.post(publish, {"what": "agenda"})
    assert meeting.versions.count() == 1


def test_save_and_publish_saves_first(secretary, meeting):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = form_data(secretary.get(url).content.decode(), "meeting_form")
    data["location"] = "Hjørring Rådhus"
    data["_publish"] = "1"
    response = secretary.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{meeting.pk}/offentliggoer/?what=agenda")
    meeting.refresh_from_db()
    assert meeting.location == "Hjørring Rådhus"


@pytest.mark.parametrize("role", ["council_member", "municipality", "anonymous"])
def test_publish_and_status_are_secretariat_only(role, client_for, meeting):
    client = client_for(role)
    publish = reverse("admin:meetings_meeting_publish", args=[meeting.pk])
    status_url = reverse("admin:meetings_meeting_render_status", args=[meeting.pk])
    for response in (client.post(publish, {"what": "agenda"}), client.get(status_url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not meeting.versions.exists()


def test_the_secretariat_opens_an_uploaded_annex_from_the_builder(secretary, meeting, client_for):
    """Before anything is published the secretariat can check which file it uploaded: the
    annex's number in the item's table and the annex's own page open the stored upload (stored
    files have no public address; the old link to one answered 404)."""
    item = AgendaItem.objects.get(title="Vækst Via Viden")
    content = make_pdf(3)
    upload = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])
    answer = secretary.post(upload, {"file": SimpleUploadedFile("Høringssvar.pdf", content)})
    assert answer.json()["size"].endswith((" kB", " B"))
    annex = Annex.objects.get()
    opened = reverse("admin:meetings_annex_file", args=[annex.pk])
    item_page = secretary.get(reverse("admin:meetings_agendaitem_change", args=[item.pk]))
    assert f'<a href="{opened}" target="_blank"' in item_page.content.decode()
    annex_page = secretary.get(reverse("admin:meetings_annex_change", args=[annex.pk]))
    html = annex_page.content.decode()
    assert f'<a href="{opened}"' in html and "Høringssvar.pdf</a>" in html
    assert annex.file.url not in html  # no link to a storage address
    response = secretary.get(opened)
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])
        == content
    )
    assert "private" in response["Cache-Control"]
    assert (
        "Høringssvar.pdf" in response["Content-Disposition"]
        or "H%C3%B8ringssvar.pdf" in response["Content-Disposition"]
    )
    for role in ("council_member", "municipality", "anonymous"):
        refused = client_for(role).get(opened)
        assert refused.status_code == 302 and refused["Location"].startswith(reverse("admin:login"))
