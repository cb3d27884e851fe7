"""The demo shows the product: a year of meetings in every state, publication dates that fit
the meetings, and item 2.2's figures the same as its distribution key and seed 003."""

import datetime
import re

import pytest
from django.utils import timezone

from meetings import reader_pages, visibility
from meetings.models import Meeting


@pytest.fixture
def demo(db):
    from budgets.demo import load_app_demo
    from meetings.demo import load_demo

    load_demo()
    load_app_demo()
    return list(Meeting.objects.order_by("start"))


def test_demo_has_a_year_of_meetings_in_every_state(demo):
    from django.test import Client

    meetings = reader_pages.with_states(visibility.meetings_for(None).order_by("start"))
    states = [m.state.state for m in meetings]
    assert states == ["minutes", "minutes", "minutes", "upcoming"]
    assert meetings[-1].state.is_next
    drafts = [m for m in demo if m.status == Meeting.Status.DRAFT]
    assert len(drafts) == 1 and drafts[0].start > timezone.now()
    assert len(demo) >= 4
    # Past meetings show who came once the minutes are out.
    html = Client().get(meetings[0].get_absolute_url()).content.decode()
    assert "Fraværende (1)" in html and "Tove Krog for Per Kamp" in html


def test_the_coming_meetings_fall_on_working_days():
    from meetings.demo_year import meeting_day

    # From any day of a year: a Friday 8–14 days ahead (the agenda goes out in time) ...
    for offset in range(365):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=offset)
        meeting = meeting_day(day, 8)
        assert meeting.weekday() < 5 and 8 <= (meeting - day).days <= 17, day
        assert (meeting.month, meeting.day) not in {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}
    assert meeting_day(datetime.date(2026, 12, 7), 8) == datetime.date(2026, 12, 18)
    # ... and never on Christmas Day: the next working day instead.
    assert meeting_day(datetime.date(2026, 12, 12), 8) == datetime.date(2026, 12, 28)


def test_publication_dates_fit_the_meetings(demo):
    for meeting in demo:
        for version in meeting.versions.all():
            before = meeting.start - version.published_at
            if version.includes_decisions:
                assert datetime.timedelta(0) < -before <= datetime.timedelta(days=14), meeting
            else:
                # § 5 stk. 5: the agenda goes out at least a week before, and not months ahead.
                assert datetime.timedelta(days=7) <= before <= datetime.timedelta(days=21), meeting
    seed = next(m for m in demo if m.start.date() == datetime.date(2023, 9, 22))
    dates = [v.published_at.date() for v in seed.versions.order_by("number")]
    assert dates == [datetime.date(2023, 9, 14), datetime.date(2023, 9, 26)]


def test_what_the_demo_has_published_passes_the_portals_own_checklist(demo):
    """The demo publishes nothing the secretariat could not publish: a closed item has its
    reason for closing (DESIGN.md §4), shown to the public with its legal reference."""
    from django.test import Client

    from meetings import checklist

    for meeting in demo:
        versions = list(meeting.versions.all())
        whats = {checklist.MINUTES if v.includes_decisions else checklist.AGENDA for v in versions}
        for what in whats:
            found = checklist.run(meeting=meeting, what=what)
            errors = [f for f in found if f.level == checklist.ERROR]
            assert errors == [], (meeting, what, [f.message for f in errors])
    seed = next(m for m in demo if m.start.date() == datetime.date(2023, 9, 22))
    html = Client().get(seed.get_absolute_url()).content.decode()
    assert "Lukket af hensyn til: Personsag (Offentlighedslovens § 30, nr. 1)" in html


def test_item_2_2_figures_match_its_key_and_the_seed(demo):
    from budgets.models import DistributionKey

    seed = next(m for m in demo if m.start.date() == datetime.date(2023, 9, 22))
    version = seed.versions.order_by("-number").first()
    item = next(
        item
        for section in version.snapshot["sections"]
        for item in section["items"]
        if item["number"] == "2.2"
    )
    assert item["title"] == "Vækst Via Viden"
    text = item["texts"]["presentation"]
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+) %</td><td>(\d+)</td></tr>", text)
    figures = {name: (int(share), int(target)) for name, share, target in rows}
    assert figures["Aalborg"] == (31, 155)  # seed 003: "Aalborg (31%) 155"
    key = DistributionKey.objects.get(name="Vækst Via Viden 2024 – kommunale måltal")
    from_key = {
        participant.name: (int(participant.values.get().value), int(participant.printed_value))
        for participant in key.participants.all()
    }
    assert figures == from_key
    assert "715 match" in text and "500 match for kommunerne" in text
    assert "45 %" not in text and "225" not in text


def test_the_municipality_login_has_its_own_councils_case_to_follow(demo):
    """The demo's municipality login works for Hjørring; a decision of the December meeting is
    followed through the councils, so its page shows a case, its deadline and packs."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from municipalities.demo import load_app_demo

    load_app_demo()
    load_app_demo()  # again, as loaddemo may be: nothing twice
    client = Client()
    client.force_login(get_user_model().objects.get(username="kommune"))
    html = client.get(reverse("municipalities:municipality_followup", args=[860])).content.decode()
    assert html.count("Godkendelse af regnskab 2023 og budget 2024") == 1
    assert "på kommunalbestyrelsens dagsorden" in html and "(ZIP)" in html
    nav = client.get(reverse("meetings:meeting_list")).content.decode()
    assert '<a href="/kommuner/860/">Hjørring Kommune</a>' in nav


def test_the_demo_annexes_read_as_the_real_ones(demo):
    """The demo's annexes are KKR's real ones where the seeds hold them: KL's rules of procedure
    as six pages with KL's side column on each, the secretariat's budget as its table; the search
    finds their words and reads the side column as the letter's, once."""
    import io
    from html import unescape as html_unescape

    from django.test import Client
    from pypdf import PdfReader

    from meetings.models import Annex
    from search.demo import load_app_demo
    from tests.search.corpus import result_titles, search_page

    rules = Annex.objects.get(title="Revideret forretningsorden for KKR 2022-2026")
    with rules.file.open("rb") as handle:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]
    assert rules.page_count == len(pages) == 6
    for number, text in enumerate(pages, start=1):
        assert "Weidekampsgade 10" in text and f"Side {number} af 6" in text
    whole = "\n".join(pages)
    assert "§ 5. Mødevirksomhed" in whole and "KKR er beslutningsdygtigt" in whole
    budget = Annex.objects.get(title="Regnskab og budget for Sundhedssekretariatet")
    with budget.file.open("rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "1.771.663" in text and "2.316.569" in text and "Overskud/underskud" in text
    load_app_demo()
    html = search_page(Client(), "beslutningsdygtigt")
    assert result_titles(html) == ["Bilag 1: Revideret forretningsorden for KKR 2022-2026"]
    html = search_page(Client(), "Weidekampsgade")
    assert sorted(html_unescape(title) for title in result_titles(html)) == [
        "Bilag 1: Resultater af KL's mobilitetssurvey 2023",
        "Bilag 1: Revideret forretningsorden for KKR 2022-2026",
    ]
    assert html.count("side 1") >= 2 and "side 2" not in html
