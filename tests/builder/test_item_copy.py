"""Copying one agenda item to another meeting from the item's page: only to meetings still being
prepared, with its texts and annexes but never its decision, under the target meeting's lock."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from tests.factories import CPH, ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.forms import form_data


@pytest.fixture
def secretary(client_for):
    return client_for("secretariat")


def _meeting(days, title, **fields):
    start = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=days), datetime.time(9, 45), tzinfo=CPH
    )
    meeting = MeetingFactory(start=start, title=title, **fields)
    SectionFactory(meeting=meeting, position=1, title="Godkendelse af referat")
    SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    return meeting


@pytest.fixture
def agenda(db):
    source = _meeting(10, "Møde 1. marts")
    item = ItemFactory(
        section=source.sections.get(position=2), title="Vækst Via Viden",
        recommendation="<p>Det indstilles, at sagen drøftes.</p>",
        decision="<p>Drøftet.</p>", public_decision="Drøftet.",
    )  # fmt: skip
    annex_add(item, title="Resultatkontrakt")
    annex_add(item, title="Budget", closed=True)
    return {
        "item": item,
        "target": _meeting(40, "Møde 12. april"),
        "held": _meeting(-5, "Møde i januar"),
        "cancelled": _meeting(20, "Aflyst møde", cancelled=True),
    }


def _copy_url(item):
    return reverse("admin:meetings_agendaitem_copy", args=[item.pk])


def test_the_item_page_offers_the_copy(secretary, agenda):
    item = agenda["item"]
    html = secretary.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content
    assert f'href="{_copy_url(item)}"'.encode() in html
    assert "Kopiér til et andet møde …".encode() in html


def test_only_meetings_still_being_prepared_can_be_chosen(secretary, agenda):
    html = secretary.get(_copy_url(agenda["item"])).content.decode()
    assert "Møde 12. april" in html
    for other in ("Møde i januar", "Aflyst møde", "Møde 1. marts"):
        assert other not in html.split('id="item_copy_form"', 1)[1], other
    form = form_data(html, "item_copy_form")
    # The section with the item's own heading is chosen; annexes go along unless unticked.
    assert form["section"] == str(agenda["target"].sections.get(position=2).pk)
    assert form["with_annexes"] == "on"
    # A closed list shows one option alone: it names its meeting's date.
    target = agenda["target"]
    date = f"{timezone.localtime(target.start):%d.%m.%Y}"
    assert f"{date}: 2. Regionalpolitiske sager</option>" in html
    held_section = agenda["held"].sections.get(position=2)
    form["section"] = str(held_section.pk)
    page = secretary.post(_copy_url(agenda["item"]), form)
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    assert not held_section.items.exists()


def test_copy_lands_on_the_copy_with_texts_and_annexes_but_no_decision(secretary, agenda):
    item, target = agenda["item"], agenda["target"]
    ItemFactory(section=target.sections.get(position=2), position=1, title="Letbanen")
    url = _copy_url(item)
    form = form_data(secretary.get(url).content.decode(), "item_copy_form")

    response = secretary.post(url, form, follow=True)

    copy = AgendaItem.objects.get(section__meeting=target, title="Vækst Via Viden")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:meetings_agendaitem_change", args=[copy.pk]
    )
    html = response.content.decode()
    when = timezone.localtime(target.start).strftime("%d.%m.%Y")
    assert (
        f"Punktet “Vækst Via Viden” er kopieret til {when} – Møde 12. april som punkt 2.2 "
        "under “Regionalpolitiske sager”."
    ) in html
    assert copy.recommendation == item.recommendation
    assert (copy.decision, copy.public_decision) == ("", "")
    assert list(copy.annexes.values_list("position", "title", "sha256", "closed")) == list(
        item.annexes.values_list("position", "title", "sha256", "closed")
    )
    item.refresh_from_db()
    assert item.decision == "<p>Drøftet.</p>" and item.annexes.count() == 2


def test_copy_without_annexes(secretary, agenda):
    url = _copy_url(agenda["item"])
    form = form_data(secretary.get(url).content.decode(), "item_copy_form")
    del form["with_annexes"]
    assert secretary.post(url, form).status_code == 302
    copy = AgendaItem.objects.get(section__meeting=agenda["target"])
    assert copy.title == "Vækst Via Viden" and not copy.annexes.exists()


def test_copy_takes_the_target_meetings_lock(secretary, agenda, client_for):
    """A page of the target meeting opened before the copy is told of it when it saves."""
    target = agenda["target"]
    other = client_for("secretariat")
    meeting_url = reverse("admin:meetings_meeting_change", args=[target.pk])
    stale = form_data(other.get(meeting_url).content.decode(), "meeting_form")
    url = _copy_url(agenda["item"])
    assert secretary.post(url, form_data(secretary.get(url).content.decode(), "item_copy_form"))
    assert Meeting.objects.get(pk=target.pk).lock_version == target.lock_version + 1

    stale["location"] = "Hjørring"
    html = other.post(meeting_url, stale).content.decode()
    assert "ændret af en anden" in html and "tilføjede punktet “Vækst Via Viden”" in html
    assert Meeting.objects.get(pk=target.pk).location != "Hjørring"


@pytest.mark.parametrize("role", ["council_member", "municipality", "anonymous"])
def test_only_the_secretariat_copies(client_for, agenda, role):
    url = _copy_url(agenda["item"])
    response = client_for(role).post(url, {"section": agenda["target"].sections.get(position=2).pk})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not AgendaItem.objects.filter(section__meeting=agenda["target"]).exists()


def test_each_row_of_the_outline_offers_the_copy(secretary, agenda):
    item = agenda["item"]
    other = ItemFactory(section=item.section, title="Trafikplan")
    page = secretary.get(reverse("admin:meetings_meeting_change", args=[item.section.meeting_id]))
    html = page.content.decode()
    for row in (item, other):
        link = re.search(
            rf'<li class="outline-item" id="item-{row.pk}".*?</li>', html, re.S
        ).group()
        assert f'href="{_copy_url(row)}"' in link and "data-needs-saved" in link
        assert f'Kopiér<span class="visually-hidden"> “{row.title}” til et andet møde' in link
