"""The secretariat's lists of agenda items and annexes: every meeting has a "1.1 Godkendelse af
dagsorden", so a row says which meeting it belongs to, the newest meeting comes first, and the
list can be narrowed to a year."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import CPH, ItemFactory, MeetingFactory, SectionFactory, annex_add


def _meeting(year, month):
    start = datetime.datetime(year, month, 8, 9, 45, tzinfo=CPH)
    section = SectionFactory(meeting=MeetingFactory(start=start), position=1, title="Godkendelse")
    item = ItemFactory(section=section, position=1, title="Godkendelse af dagsorden")
    annex_add(item, title="Dagsordensforslag")
    return item


def _rows(html):
    """Each result row's text, tags and spaces taken out."""
    body = html.split('id="result_list"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _dates(response):
    return [
        re.search(r"\d\d\.\d\d\.20\d\d", row).group() for row in _rows(response.content.decode())
    ]


@pytest.mark.parametrize(
    ("listing", "meeting"),
    [("meetings_agendaitem", "section__meeting"), ("meetings_annex", "item__section__meeting")],
)
def test_each_row_names_its_meeting_and_the_newest_meeting_comes_first(
    listing, meeting, db, client_for
):
    _meeting(2023, 3)
    _meeting(2024, 12)
    _meeting(2023, 9)
    client = client_for("secretariat")
    url = reverse(f"admin:{listing}_changelist")

    assert _dates(client.get(url)) == ["08.12.2024", "08.09.2023", "08.03.2023"]
    in_2023 = client.get(url, {f"{meeting}__start__year": "2023"})
    assert _dates(in_2023) == ["08.09.2023", "08.03.2023"]


def test_an_item_row_leads_to_its_meeting(db, client_for):
    item = _meeting(2024, 12)
    html = client_for("secretariat").get(reverse("admin:meetings_agendaitem_changelist"))
    meeting_page = reverse("admin:meetings_meeting_change", args=[item.section.meeting.pk])
    assert f'href="{meeting_page}"' in html.content.decode()


@pytest.mark.parametrize("listing", ["packageversion", "renderjob", "notification"])
def test_published_versions_their_jobs_and_mails_name_their_meeting(listing, db, client_for):
    from meetings.services import meeting_publish

    for year, month in [(2027, 3), (2027, 9), (2027, 6)]:
        meeting_publish(meeting=_meeting(year, month).section.meeting)
    response = client_for("secretariat").get(reverse(f"admin:meetings_{listing}_changelist"))
    dates = _dates(response)
    assert sorted(dates) == ["08.03.2027", "08.06.2027", "08.09.2027"]
    if listing == "packageversion":
        assert dates == ["08.09.2027", "08.06.2027", "08.03.2027"]  # the newest meeting first
