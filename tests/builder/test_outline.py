"""The outline builder: numbers derived from order, standard sections, reuse, a light page."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from meetings import outline
from meetings.models import AgendaItem, AgendaSection, Meeting
from tests.factories import BodyFactory, ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.forms import form_data


@pytest.fixture
def secretary(client_for):
    return client_for("secretariat")


def _numbers(meeting):
    return [
        (item.number, item.title)
        for item in AgendaItem.objects.filter(section__meeting=meeting)
        .select_related("section")
        .order_by("section__position", "position")
    ]


def _agenda(meeting):
    """The agenda as it reads: each section's position and title, with its items' numbers."""
    return [
        (
            f"{section.position} {section.title}",
            [f"{item.number} {item.title}" for item in section.items.order_by("position")],
        )
        for section in meeting.sections.order_by("position")
    ]


def _errors(response):
    return re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', response.content.decode(), re.S)


def _add_meeting(secretary, **extra):
    day = datetime.date.today() + datetime.timedelta(days=30)
    data = {"body": BodyFactory().pk, "title": "Nyt møde", "kind": "ordinary",
            "start_0": day.strftime("%d.%m.%Y"), "start_1": "09:45", "location": "Aalborg", **extra}  # fmt: skip
    response = secretary.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Meeting.objects.get(title="Nyt møde"), response


def test_new_meeting_starts_from_the_standard_agenda(secretary):
    meeting, response = _add_meeting(secretary)
    assert response["Location"] == reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert _agenda(meeting) == [
        (
            "1 Godkendelse af referat",
            ["1.1 Godkendelse af dagsorden", "1.2 Godkendelse af referat"],
        ),
        ("2 Regionalpolitiske sager", []),
        ("3 Siden sidst", ["3.1 Siden sidst"]),
        ("4 Punkter til næste møde", ["4.1 Punkter til næste møde"]),
        ("5 Eventuelt", []),
    ]


def test_numbering_always_derived_from_the_order(secretary):
    meeting, _response = _add_meeting(secretary)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = secretary.get(url).content.decode()
    # The builder shows numbers, never a number field to type in, and never a "0".
    assert 'name="sections-0-position"' not in page
    # (Read from the outline's number spans: dates and the page's lock token hold "0.1" too.)
    numbers = re.findall(r'class="num (?:item|section)-num">([^<]*)<', page)
    assert numbers and not any(n.startswith("0") or ".0" in n for n in numbers), numbers
    data = form_data(page, "meeting_form")
    sections = list(meeting.sections.order_by("position"))
    items = {i.title: i.pk for i in AgendaItem.objects.filter(section__meeting=meeting)}
    # Move "Siden sidst" (3.1) to the top of section 2 and the last section to the front.
    order = [
        {"id": sections[4].pk, "title": "Eventuelt", "items": []},
        {"id": sections[0].pk, "title": "Godkendelse af referat",
         "items": [items["Godkendelse af referat"], items["Godkendelse af dagsorden"]]},
        {"id": sections[1].pk, "title": "Regionalpolitiske sager", "items": [items["Siden sidst"]]},
        {"id": sections[3].pk, "title": "Punkter til næste møde",
         "items": [items["Punkter til næste møde"]]},
        {"id": None, "title": "  Nyt   afsnit ", "items": []},
    ]  # fmt: skip
    data["outline"] = json.dumps({"sections": order})
    response = secretary.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # "Siden sidst" was left out while it was empty, so it is gone; the new section came last.
    assert _agenda(meeting) == [
        ("1 Eventuelt", []),
        (
            "2 Godkendelse af referat",
            ["2.1 Godkendelse af referat", "2.2 Godkendelse af dagsorden"],
        ),
        ("3 Regionalpolitiske sager", ["3.1 Siden sidst"]),
        ("4 Punkter til næste møde", ["4.1 Punkter til næste møde"]),
        ("5 Nyt afsnit", []),
    ]


def test_outline_never_loses_an_item_added_meanwhile(db):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=1, title="A")
    first = ItemFactory(section=section, position=1, title="Første")
    late = ItemFactory(section=section, position=2, title="Tilføjet i et andet vindue")
    outline.agenda_outline_apply(
        meeting=meeting, sections=[{"id": section.pk, "title": "A", "items": [first.pk]}]
    )
    assert _numbers(meeting) == [("1.1", "Første"), ("1.2", "Tilføjet i et andet vindue")]
    # A section with items cannot disappear by being left out.
    outline.agenda_outline_apply(
        meeting=meeting, sections=[{"id": None, "title": "B", "items": []}]
    )
    assert list(meeting.sections.values_list("title", flat=True).order_by("position")) == ["B", "A"]
    assert late.pk in AgendaItem.objects.values_list("pk", flat=True)


def test_new_item_goes_last_in_its_section_and_moving_closes_the_gap(secretary, db):
    meeting = MeetingFactory()
    one = SectionFactory(meeting=meeting, position=1, title="Et")
    two = SectionFactory(meeting=meeting, position=2, title="To")
    ItemFactory(section=one, position=1, title="a")
    b = ItemFactory(section=one, position=2, title="b")
    ItemFactory(section=one, position=3, title="c")
    add_url = reverse("admin:meetings_agendaitem_add") + f"?section={two.pk}"
    data = form_data(secretary.get(add_url).content.decode(), "agendaitem_form")
    assert data["section"] == str(two.pk) and data["edit_version"]
    data["title"] = "Nyt punkt"
    response = secretary.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _numbers(meeting)[-1] == ("2.1", "Nyt punkt")
    url = reverse("admin:meetings_agendaitem_change", args=[b.pk])
    data = form_data(secretary.get(url).content.decode(), "agendaitem_form")
    data["section"] = str(two.pk)
    response = secretary.post(url, data)
    assert response.status_code == 302, _errors(response)
    assert response["Location"].endswith(f"#item-{b.pk}")
    assert _numbers(meeting) == [("1.1", "a"), ("1.2", "c"), ("2.1", "Nyt punkt"), ("2.2", "b")]


def test_item_page_shows_decision_only_when_the_minutes_are_written(secretary, db):
    future = ItemFactory()
    page = secretary.get(reverse("admin:meetings_agendaitem_change", args=[future.pk]))
    html = page.content.decode()
    assert 'name="recommendation"' in html and 'name="decision"' not in html
    assert 'name="position"' not in html
    past = ItemFactory(
        section=SectionFactory(meeting=MeetingFactory(start=future.section.meeting.start
                                                      - datetime.timedelta(days=60)))
    )  # fmt: skip
    html = secretary.get(reverse("admin:meetings_agendaitem_change", args=[past.pk])).content
    assert b'name="decision"' in html


def test_annex_table_and_add_links_in_danish(secretary, db):
    item = ItemFactory()
    annex_add(item, title="Udkast", pages=3)
    html = secretary.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content
    html = html.decode()
    assert "Tilføj endnu et bilag" in html and "Tilføj endnu en" not in html
    assert "annexes/" not in html  # no storage path shown for the file
    assert 'multiple accept="application/pdf,.pdf"' in html


def test_several_annexes_uploaded_one_request_each(secretary, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.pdfs import make_pdf

    item = ItemFactory()
    url = reverse("admin:meetings_agendaitem_annex_upload", args=[item.pk])
    for pages, name in [(2, "Udkast_til_resultatkontrakt 2022_sendt til KKR_08.10.21.pdf"),
                        (1, "Høringssvar_2023-09-01.pdf")]:  # fmt: skip
        response = secretary.post(url, {"file": SimpleUploadedFile(name, make_pdf(pages, name))})
        assert response.status_code == 200, response.content
    bad = secretary.post(url, {"file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert bad.status_code == 400 and bad.json()["error"]
    annexes = list(item.annexes.values_list("position", "title", "page_count"))
    assert annexes == [
        (1, "Udkast til resultatkontrakt 2022", 2),
        (2, "Høringssvar", 1),
    ]


def test_copy_an_earlier_agenda_without_decisions(secretary, db):
    earlier = MeetingFactory(title="Tidligere")
    section = SectionFactory(meeting=earlier, position=1, title="Regionalpolitiske sager")
    item = ItemFactory(section=section, position=1, title="Vækst", decision="<p>Godkendt</p>")
    annex_add(item, title="Bilaget")
    meeting, _r = _add_meeting(secretary)
    page = secretary.get(reverse("admin:meetings_meeting_copy", args=[meeting.pk]))
    assert 'name="source"' in page.text and 'value="Kopiér"' in page.text
    response = secretary.post(
        reverse("admin:meetings_meeting_copy", args=[meeting.pk]),
        {"source": earlier.pk, "with_annexes": "on"},
    )
    assert response.status_code == 302
    copied = AgendaItem.objects.get(section__meeting=meeting, title="Vækst")
    assert copied.number == "2.1" and copied.decision == ""
    assert list(copied.annexes.values_list("title", "sha256")) == list(
        item.annexes.values_list("title", "sha256")
    )
    assert AgendaSection.objects.filter(meeting=meeting).count() == 5


def test_builder_page_is_light_for_30_items_and_40_annexes(
    secretary, db, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    sections = [SectionFactory(meeting=meeting, position=n, title=f"Afsnit {n}") for n in (1, 2, 3)]
    items = [ItemFactory(section=sections[n % 3], position=n + 1) for n in range(30)]
    for n in range(40):
        annex_add(items[n % 30], title=f"Bilag {n}", pages=1)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    with django_assert_max_num_queries(40):
        response = secretary.get(url)
    html = response.content.decode()
    assert len(response.content) < 200_000
    assert html.count('class="outline-item"') == 30
    assert "tinymce" not in html.lower()
