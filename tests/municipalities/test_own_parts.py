"""A municipality's login finds its own work without looking for it: the cases its council still
has to treat above the meeting list, and the meeting's pack for its case system on the meeting
page. Both are the login's personal parts: on kept pages too, each municipality sees its own and
nobody else sees one."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from meetings import services as meeting_services
from municipalities.models import CouncilTreatment
from tests.municipalities.helpers import (
    decided_item,
    municipalities_make,
    municipality_user,
    referral_make,
)

OTHER_ROLES = ("secretariat", "council_member", "anonymous")


@pytest.fixture
def kommuner(db):
    return municipalities_make()


@pytest.fixture
def logins(kommuner, client_for):
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return {
        "hjoerring": login(municipality_user("hjoerring", kommuner["Hjørring"])),
        "laesoe": login(municipality_user("laesoe", kommuner["Læsø"])),
        **{role: client_for(role) for role in OTHER_ROLES},
    }


def _part(html: str, css_class: str) -> str:
    found = re.search(rf'<(?:aside|section) class="{css_class}".*?</(?:aside|section)>', html, re.S)
    return re.sub(r"\s+", " ", found.group(0)) if found else ""


@pytest.mark.parametrize("kept", [False, True], ids=["rendered", "kept"])
def test_a_municipality_sees_its_open_cases_above_the_meeting_list(
    kommuner, logins, settings, kept
):
    settings.FROZEN_PAGES = kept
    soon = datetime.date.today() + datetime.timedelta(days=20)
    later = referral_make(deadline=soon + datetime.timedelta(days=40))
    sooner = referral_make(deadline=soon, title="Godkendelse af regnskab")
    hjoerring_page = reverse("municipalities:municipality_followup", args=[860])
    lists = reverse("meetings:meeting_list")

    part = _part(logins["hjoerring"].get(lists).content.decode(), "own-cases")
    assert "Hjørring Kommune" in part
    assert "2 sager fra KKR Nordjylland venter på kommunalbestyrelsens behandling:" in part
    # Each case is named as published and opens its follow-up, the nearest deadline first.
    links = re.findall(r'<a href="/kommuner/beslutninger/(\d+)/">[\d.]+ ([^<]+)</a>', part)
    assert links == [
        (str(sooner.pk), "Godkendelse af regnskab"),
        (str(later.pk), "Fordeling af lærepladser på SOSU-uddannelserne"),
    ]
    assert f"frist {soon.day}." in part and "overskredet" not in part
    assert f'<a href="{hjoerring_page}">Kommunens sager og pakker til ESDH</a>' in part
    for role in OTHER_ROLES:
        assert 'class="own-cases"' not in logins[role].get(lists).content.decode(), role

    # Læsø marks one case not relevant: it has one left, Hjørring still two, each on the same
    # kept page of the public audience.
    laesoe = later.treatments.get(municipality=kommuner["Læsø"])
    laesoe.status = CouncilTreatment.Status.NOT_RELEVANT
    laesoe.save()
    part = _part(logins["laesoe"].get(lists).content.decode(), "own-cases")
    assert "Læsø Kommune" in part and "1 sag fra KKR Nordjylland venter" in part
    assert "Hjørring" not in part
    assert "2 sager" in _part(logins["hjoerring"].get(lists).content.decode(), "own-cases")


def test_an_overdue_case_is_named_and_a_municipality_without_cases_is_told_so(kommuner, logins):
    lists = reverse("meetings:meeting_list")
    assert "Kommunen har ingen sager fra KKR Nordjylland at behandle." in _part(
        logins["hjoerring"].get(lists).content.decode(), "own-cases"
    )
    referral_make(deadline=datetime.date.today() + datetime.timedelta(days=1))
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=3)):
        part = _part(logins["hjoerring"].get(lists).content.decode(), "own-cases")
    assert "1 sag fra KKR Nordjylland venter" in part
    assert "<strong>1 med overskredet frist</strong>" in part
    assert '<strong class="overdue">overskredet</strong>' in part


def test_the_open_cases_past_the_first_five_are_counted(kommuner, logins):
    for day in range(7):
        referral_make(deadline=datetime.date.today() + datetime.timedelta(days=10 + day))
    part = _part(
        logins["hjoerring"].get(reverse("meetings:meeting_list")).content.decode(), "own-cases"
    )
    assert "7 sager fra KKR Nordjylland venter" in part
    assert part.count('<a href="/kommuner/beslutninger/') == 5
    assert "… og 2 sager mere." in part


@pytest.mark.parametrize("kept", [False, True], ids=["rendered", "kept"])
def test_the_meeting_page_offers_a_municipality_its_case_system_pack(
    kommuner, logins, settings, kept
):
    settings.FROZEN_PAGES = kept
    item = decided_item()
    meeting = item.section.meeting
    page = reverse("meetings:meeting_detail", args=[meeting.pk])
    for login, code in (("hjoerring", 860), ("laesoe", 825)):
        part = _part(logins[login].get(page).content.decode(), "own-pack")
        pack = reverse("municipalities:pack_download", args=[code, meeting.pk])
        assert f'href="{pack}">Hent pakken (ZIP)</a>' in part, login
        # Its own pack is made for it (the wait page while the PDFs are made); another
        # municipality's is refused.
        assert logins[login].get(pack).status_code == 202
        other = "laesoe" if login == "hjoerring" else "hjoerring"
        assert logins[other].get(pack).status_code == 403
    assert "Til Hjørring Kommunes ESDH" in _part(
        logins["hjoerring"].get(page).content.decode(), "own-pack"
    )
    for role in OTHER_ROLES:
        assert 'class="own-pack"' not in logins[role].get(page).content.decode(), role

    # The pack is the latest version's: an earlier version's page does not offer it.
    item.title = "Fordeling af lærepladser, rettet"
    item.save()
    meeting_services.meeting_publish(meeting=meeting, include_decisions=True)
    first = reverse("meetings:meeting_version", args=[meeting.pk, 1])
    html = logins["hjoerring"].get(first).content.decode()
    assert "Fordeling af lærepladser på SOSU" in html and 'class="own-pack"' not in html
    assert 'class="own-pack"' in logins["hjoerring"].get(page).content.decode()
