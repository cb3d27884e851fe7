"""The meeting page as each reader sees it: the package for their audience first, the annexes
opening the bundle at their page, the meeting's state, attendance and the versions' history."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import rendering, services
from meetings.models import Attendance, Membership, Person
from tests.pdfs import make_pdf


def _store(version, kind, variant, pages):
    rendering.document_store(
        version=version, kind=kind, variant=variant, data=make_pdf(pages, f"{kind}{variant}")
    )


@pytest.fixture
def rendered(package):
    """The package with an agenda in both variants and bundles whose page counts match their
    annexes: 1 contents page, then per annex a divider and its 2 pages (a closed annex is a
    one-page stub in the public bundle)."""
    version = package["meeting"].versions.get()
    version.documents.all().delete()
    for variant in ("medlemmer", "offentlig"):
        _store(version, "dagsorden", variant, 4)
    _store(version, "bilag", "medlemmer", 1 + 3 * 3)
    _store(version, "bilag", "offentlig", 1 + 3 + 1 + 1)
    return package


def _package_links(html):
    block = html[
        html.index('class="package"') : html.index("</section>", html.index('class="package"'))
    ]
    primary = block[
        block.index("package-buttons") : block.index("</ul>", block.index("package-buttons"))
    ]
    return re.findall(r'class="package-button" href="([^"]+)"', primary), block


@pytest.mark.parametrize(
    "role,variant",
    [("council_member", "medlemmer"), ("municipality", "offentlig"), ("anonymous", "offentlig")],
)
def test_one_package_button_per_audience(role, variant, rendered, client_for):
    meeting = rendered["meeting"]
    html = client_for(role).get(meeting.get_absolute_url()).content.decode()
    primary, block = _package_links(html)
    assert primary == [
        reverse("meetings:document_download", args=[meeting.pk, f"dagsorden-{variant}"]),
        reverse("meetings:document_download", args=[meeting.pk, f"bilag-{variant}"]),
    ]
    assert "Hent mødepakken" in block
    others = re.findall(r'<details class="other-downloads">.*?</details>', block, re.S)
    if variant == "medlemmer":
        # The public variants are one step away, inside "Andre udgaver".
        assert "dagsorden-offentlig" in others[0] and "bilag-offentlig" in others[0]
    else:
        assert "-medlemmer.pdf" not in html and others == []


@pytest.mark.parametrize(
    "role,pages",
    [
        ("council_member", {"Åbent bilag": 2, "Fortroligt notat": 5}),
        ("anonymous", {"Åbent bilag": 2}),
    ],
)
def test_each_annex_opens_the_readers_bundle_at_its_page(role, pages, rendered, client_for):
    meeting = rendered["meeting"]
    html = client_for(role).get(meeting.get_absolute_url()).content.decode()
    variant = "medlemmer" if role == "council_member" else "offentlig"
    bundle = reverse("meetings:document_download", args=[meeting.pk, f"bilag-{variant}"])
    found = dict(
        re.findall(
            r"Bilag \d+: ([^<]+)</a>.*?href=\"" + re.escape(bundle) + r"#page=(\d+)\"", html, re.S
        )
    )
    assert {title: int(page) for title, page in found.items() if title in pages} == pages
    assert "2 sider" in html  # each annex with its page count


def test_meeting_states_on_list_and_page(rendered, client_for):
    meeting = rendered["meeting"]
    client = client_for("anonymous")
    listing = client.get(reverse("meetings:meeting_list")).content.decode()
    assert "Dagsorden udsendt" in listing and "Næste møde" in listing
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<span class="state state-upcoming">Dagsorden udsendt</span>' in page


def _minutes_with_attendance(meeting):
    chair = Person.objects.create(name="Anne Kjær", party="V")
    absent = Person.objects.create(name="Inger Bro", party="V")
    substitute = Person.objects.create(name="Erik Lau", party="V")
    start = datetime.date(2022, 1, 1)
    Membership.objects.create(person=chair, body=meeting.body, start=start)
    Membership.objects.create(person=absent, body=meeting.body, start=start, substitute=substitute)
    Attendance.objects.create(meeting=meeting, person=chair, status=Attendance.Status.PRESENT)
    Attendance.objects.create(meeting=meeting, person=absent, status=Attendance.Status.ABSENT)
    Attendance.objects.create(
        meeting=meeting, person=substitute, status=Attendance.Status.PRESENT, substitute_for=absent
    )
    meeting.start = timezone.now() - datetime.timedelta(days=1)
    meeting.save()
    return services.meeting_publish(meeting=meeting, include_decisions=True)


def test_attendance_and_version_history_after_the_minutes(package, client_for):
    meeting = package["meeting"]
    _minutes_with_attendance(meeting)
    html = client_for("anonymous").get(meeting.get_absolute_url()).content.decode()
    attendance = html[
        html.index('id="attendance-h"') : html.index("</section>", html.index('id="attendance-h"'))
    ]
    assert re.search(r"Til stede \(1\)</dt><dd>Anne Kjær \(V\)</dd>", attendance)
    assert re.search(r"Fraværende \(1\)</dt><dd>Inger Bro \(V\)</dd>", attendance)
    assert "Erik Lau for Inger Bro" in attendance
    assert "Referat offentliggjort" in html
    versions = html[html.index('id="versions-h"') :]
    # Each version says what it changed; the minutes version too.
    assert "Referatet er offentliggjort: beslutningerne står ved punkterne." in versions
    assert "Dagsordenen er udsendt." in versions
    assert "Flyttet fra" in html  # the start moved between the versions


def test_no_attendance_before_the_minutes(package, client_for):
    html = client_for("anonymous").get(package["meeting"].get_absolute_url()).content.decode()
    assert 'id="attendance-h"' not in html


def test_every_page_names_its_icon_so_no_browser_asks_for_a_missing_favicon(package, client_for):
    """A tab, a bookmark and the home screen show the portal's icon; without a declared icon a
    browser asks /favicon.ico, which the portal does not have."""
    from django.contrib.staticfiles import finders

    pages = {
        "council_member": reverse("meetings:meeting_detail", args=[package["meeting"].pk]),
        "anonymous": reverse("meetings:meeting_list"),
        "secretariat": reverse("admin:index"),
    }
    for role, url in pages.items():
        html = client_for(role).get(url).content.decode()
        found = re.search(r'<link rel="icon" type="image/png" href="/static/([^"]+)">', html)
        assert found, (role, url)
        assert finders.find(found.group(1)), found.group(1)


@pytest.mark.parametrize("role", ["anonymous", "municipality", "council_member"])
def test_downloads_are_named_by_body_day_and_place(role, package, client_for):
    """A downloaded file says which meeting it is from (a folder keeps each meeting's files
    together, in order), and the API names it the same way."""
    from urllib.parse import unquote

    client, meeting, annex = client_for(role), package["meeting"], package["open_annex"]
    first = f"{meeting.body.name} {timezone.localtime(meeting.start):%Y-%m-%d}"

    def saved_as(url):
        disposition = client.get(url)["Content-Disposition"]
        return unquote(disposition.partition("filename*=UTF-8''")[2])

    annex_url = reverse("meetings:annex_download", args=[meeting.pk, annex.uid])
    assert saved_as(annex_url) == f"{first} 1.1 Bilag 1 - Åbent bilag.pdf"
    api = client.get(f"/api/v1/meetings/{meeting.pk}/files/{annex.uid}/").json()
    assert api["fileName"] == f"{first} 1.1 Bilag 1 - Åbent bilag.pdf"
    bundle_url = reverse("meetings:document_download", args=[meeting.pk, "bilag-offentlig"])
    assert saved_as(bundle_url) == f"{first} Bilagssamling v1 (offentlig).pdf"
