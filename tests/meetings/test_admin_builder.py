"""The meeting's change page is the agenda builder: sections, items and annexes in one form."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import AgendaItem, Annex, Meeting
from tests.factories import BodyFactory
from tests.forms import form_data
from tests.pdfs import encrypt, make_pdf


def _numbers(meeting):
    return [
        (item.number, item.title)
        for item in AgendaItem.objects.filter(section__meeting=meeting).select_related("section")
    ]


def _change(client, meeting):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response.content.decode(), "meeting_form")


def _add_item(data, section, index, **fields):
    prefix = f"sections-{section}-items-{index}"
    data[f"{prefix}-TOTAL_FORMS"] = "0"
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    data[f"{prefix}-annexes-TOTAL_FORMS"] = "0"
    data[f"{prefix}-annexes-INITIAL_FORMS"] = "0"
    for key, value in fields.items():
        data[f"{prefix}-{key}"] = value


@pytest.fixture
def secretary(client_for):
    return client_for("secretariat")


@pytest.fixture
def meeting(secretary, db):
    body = BodyFactory()
    response = secretary.post(
        reverse("admin:meetings_meeting_add"),
        {
            "body": body.pk,
            "title": "Møde i KKR Nordjylland",
            "start_0": (datetime.date.today() + datetime.timedelta(days=30)).strftime("%d.%m.%Y"),
            "kind": "ordinary",
            "start_1": "09:45",
            "location": "Aalborg",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "0",
            "sections-0-position": "1",
            "sections-0-title": "Godkendelse af referat",
            "sections-0-items-TOTAL_FORMS": "1",
            "sections-0-items-INITIAL_FORMS": "0",
            "sections-0-items-0-position": "1",
            "sections-0-items-0-title": "Godkendelse af dagsorden",
            "sections-0-items-0-recommendation": "<p>Det indstilles <script>alert(1)</script></p>",
            "sections-0-items-0-annexes-TOTAL_FORMS": "0",
            "sections-0-items-0-annexes-INITIAL_FORMS": "0",
            "sections-1-position": "2",
            "sections-1-title": "Regionalpolitiske sager",
            "sections-1-items-TOTAL_FORMS": "3",
            "sections-1-items-INITIAL_FORMS": "0",
            **{
                f"sections-1-items-{i}-{key}": value
                for i, title in enumerate(["Vækst Via Viden", "Budget 2024", "Klimaalliancen"])
                for key, value in {
                    "position": str(i + 1),
                    "title": title,
                    "presentation": "<ul><li>punkt</li></ul><table><tr><td>Aalborg</td><td>225</td></tr></table>",
                    "annexes-TOTAL_FORMS": "0",
                    "annexes-INITIAL_FORMS": "0",
                }.items()
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Meeting.objects.get()


def test_add_meeting_with_sections_and_items_numbers_them(meeting):
    assert _numbers(meeting) == [
        ("1.1", "Godkendelse af dagsorden"),
        ("2.1", "Vækst Via Viden"),
        ("2.2", "Budget 2024"),
        ("2.3", "Klimaalliancen"),
    ]
    item = AgendaItem.objects.get(title="Vækst Via Viden")
    assert "<table>" in item.presentation and "<li>punkt</li>" in item.presentation
    assert "<script>" not in AgendaItem.objects.get(title="Godkendelse af dagsorden").recommendation


def test_reorder_by_positions_renumbers(secretary, meeting):
    url, data = _change(secretary, meeting)
    # Drag "Klimaalliancen" to the top of section 2 and move "Vækst Via Viden" to section 1's end.
    positions = {"Vækst Via Viden": "3", "Budget 2024": "2", "Klimaalliancen": "1"}
    for index in range(3):
        title = data[f"sections-1-items-{index}-title"]
        data[f"sections-1-items-{index}-position"] = positions[title]
    response = secretary.post(url, data)
    assert response.status_code == 302
    assert _numbers(meeting) == [
        ("1.1", "Godkendelse af dagsorden"),
        ("2.1", "Klimaalliancen"),
        ("2.2", "Budget 2024"),
        ("2.3", "Vækst Via Viden"),
    ]


def test_add_item_and_upload_annexes_inline(secretary, meeting):
    url, data = _change(secretary, meeting)
    data["sections-1-items-TOTAL_FORMS"] = "4"
    _add_item(data, 1, 3, position="4", title="Socialtilsyn Nord – budget og takster")
    data["sections-1-items-3-annexes-TOTAL_FORMS"] = "2"
    data["sections-1-items-3-annexes-0-position"] = "1"
    data["sections-1-items-3-annexes-0-file"] = SimpleUploadedFile(
        "Budget_og_takster_2024.pdf", make_pdf(3), content_type="application/pdf"
    )
    data["sections-1-items-3-annexes-1-position"] = "2"
    data["sections-1-items-3-annexes-1-title"] = "Takstoversigt"
    data["sections-1-items-3-annexes-1-file"] = SimpleUploadedFile(
        "x.pdf", make_pdf(1), content_type="application/pdf"
    )
    response = secretary.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _numbers(meeting)[-1] == ("2.4", "Socialtilsyn Nord – budget og takster")
    annexes = list(Annex.objects.filter(item__title__startswith="Socialtilsyn"))
    assert [(a.position, a.title, a.page_count) for a in annexes] == [
        (1, "Budget og takster 2024", 3),
        (2, "Takstoversigt", 1),
    ]
    assert annexes[0].original_name == "Budget_og_takster_2024.pdf"
    assert len(annexes[0].sha256) == 64 and annexes[0].size > 0
    # The change page shows the page counts.
    page = secretary.get(url).content.decode()
    assert "Budget og takster 2024" in page


BAD_UPLOADS = [
    ("notat.docx", b"PK\x03\x04 not a pdf", "ikke en PDF-fil"),
    ("tom.pdf", b"", "tom"),
    ("afskaaret.pdf", make_pdf(20)[:900], "ufuldstændig"),
    ("kodeord.pdf", encrypt(make_pdf(2)), "krypteret"),
]


@pytest.mark.parametrize("name,content,message", BAD_UPLOADS)
def test_bad_upload_gets_danish_message_and_loses_nothing(
    secretary, meeting, name, content, message
):
    url, data = _change(secretary, meeting)
    data["sections-1-items-0-title"] = "Ny titel der ikke må gå tabt, hvis gemt"
    data["sections-1-items-0-annexes-TOTAL_FORMS"] = "1"
    data["sections-1-items-0-annexes-0-position"] = "1"
    data["sections-1-items-0-annexes-0-file"] = SimpleUploadedFile(name, content)
    before = _numbers(meeting)
    response = secretary.post(url, data)
    assert response.status_code == 200  # the form is shown again with the error
    assert message in response.content.decode()
    assert _numbers(meeting) == before  # nothing half-saved
    assert not Annex.objects.exists()
    # The secretary's typing is still in the re-shown form.
    assert "Ny titel der ikke må gå tabt" in response.content.decode()


def test_oversize_upload_is_refused(secretary, meeting, settings):
    settings.ANNEX_MAX_BYTES = 2000
    url, data = _change(secretary, meeting)
    data["sections-1-items-0-annexes-TOTAL_FORMS"] = "1"
    data["sections-1-items-0-annexes-0-position"] = "1"
    data["sections-1-items-0-annexes-0-file"] = SimpleUploadedFile("stor.pdf", make_pdf(40))
    response = secretary.post(url, data)
    assert "Filen er for stor" in response.content.decode()
    assert not Annex.objects.exists()


def test_publish_button_and_live_render_status(secretary, meeting):
    publish = reverse("admin:meetings_meeting_publish", args=[meeting.pk])
    status_url = reverse("admin:meetings_meeting_render_status", args=[meeting.pk])
    assert secretary.get(status_url).json()["versions"] == []
    response = secretary.post(publish, {"what": "agenda"})
    assert response.status_code == 302
    status = secretary.get(status_url).json()
    assert [(v["number"], v["status"]) for v in status["versions"]] == [(1, "queued")]
    from meetings.models import RenderJob
    from meetings.rendering import render_job_run

    render_job_run(job_id=RenderJob.objects.get().pk)
    status = secretary.get(status_url).json()
    version = status["versions"][0]
    assert version["status"] == "done" and version["progress"] == "Færdig"
    assert sorted(d["label"] for d in version["documents"]) == [
        "Bilagssamling (medlemmer)",
        "Bilagssamling (offentlig)",
        "Dagsorden (medlemmer)",
        "Dagsorden (offentlig)",
    ]


@pytest.mark.parametrize("role", ["council_member", "municipality", "anonymous"])
def test_publish_and_status_are_secretariat_only(role, client_for, meeting):
    client = client_for(role)
    publish = reverse("admin:meetings_meeting_publish", args=[meeting.pk])
    status_url = reverse("admin:meetings_meeting_render_status", args=[meeting.pk])
    for response in (client.post(publish, {"what": "agenda"}), client.get(status_url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not meeting.versions.exists()


def test_item_number_collision_is_refused(secretary, meeting):
    url, data = _change(secretary, meeting)
    data["sections-1-items-1-position"] = data["sections-1-items-0-position"]
    response = secretary.post(url, data)
    assert response.status_code == 200
    assert "To punkter i samme afsnit har nummer 1" in response.content.decode()
    assert _numbers(meeting)[1:] == [
        ("2.1", "Vækst Via Viden"),
        ("2.2", "Budget 2024"),
        ("2.3", "Klimaalliancen"),
    ]
