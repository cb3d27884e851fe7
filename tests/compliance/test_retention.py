"""Retention on the public site, per class of document: annexes and agenda leave it after their
days while the minutes stay; a package without minutes leaves with its agenda. Members keep
reading everything."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import rendering, services, visibility
from search import services as search_services
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.pdfs import make_pdf

ROLES = ("secretariat", "council_member", "municipality", "anonymous")
PUBLIC = ("municipality", "anonymous")


def _published(title, *, age, minutes=False):
    meeting = MeetingFactory(title=title, start=timezone.now() - datetime.timedelta(days=age),
                             late_publish_reason="Arkiv")  # fmt: skip
    item = ItemFactory(section=SectionFactory(meeting=meeting), title=f"Arkivpunkt{age}",
                       recommendation="<p>Det indstilles</p>", decision="<p>Vedtaget.</p>")  # fmt: skip
    annex = annex_add(item, title=f"Notat {title}", text=f"Bilagsord{age}")
    search_services.annex_text_extract(annex_id=annex.pk)
    version = services.meeting_publish(meeting=meeting, include_decisions=minutes)
    kinds = ("dagsorden", "bilag", "referat") if minutes else ("dagsorden", "bilag")
    for kind in kinds:
        for variant in ("medlemmer", "offentlig"):
            rendering.document_store(version=version, kind=kind, variant=variant,
                                     data=make_pdf(1, f"{kind}{variant}"))  # fmt: skip
    return meeting, annex


@pytest.fixture
def packages(db, settings):
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 365, "bilag": 365, "referat": 0}
    made = {
        "minutes": _published("Referatmøde", age=800, minutes=True),
        "agenda": _published("Dagsordenmøde", age=700),
        "new": _published("Nyt møde", age=30, minutes=True),
    }
    search_services.rebuild_all()
    return made


def _found(client, q) -> int:
    page = client.get(reverse("search:search"), {"q": q}).content.decode()
    return int(re.search(r"(\d+) resultat", page).group(1))


def _download(client, meeting, slug):
    return client.get(reverse("meetings:document_download", args=[meeting.pk, slug]))


@pytest.mark.parametrize("role", ROLES)
def test_old_minutes_stay_public_without_agenda_and_annexes(role, packages, client_for):
    client, public = client_for(role), role in PUBLIC
    meeting, annex = packages["minutes"]
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200  # the minutes keep the meeting on the public site
    html = page.content.decode()
    annex_url = reverse("meetings:annex_download", args=[meeting.pk, annex.uid])
    assert (annex_url in html) is not public and "Vedtaget." in html
    assert ("Bilag 1: fjernet fra den offentlige side" in " ".join(html.split())) is public
    refused = 302 if role == "anonymous" else 403  # the anonymous reader may log in
    assert client.get(annex_url).status_code == (refused if public else 200)
    assert _download(client, meeting, "referat-offentlig").status_code == 200
    for slug in ("bilag-offentlig", "dagsorden-offentlig"):
        assert _download(client, meeting, slug).status_code == (404 if public else 200)
        assert (
            reverse("meetings:document_download", args=[meeting.pk, slug]) in html
        ) is not public
    # The item; for members also its annex, whose entry carries the item's title.
    assert _found(client, "Arkivpunkt800") == (1 if public else 2)
    assert _found(client, "Bilagsord800") == (0 if public else 1)
    assert _found(client, "Bilagsord30") == 1


@pytest.mark.parametrize("role", ROLES)
def test_an_old_package_without_minutes_leaves_with_its_agenda(role, packages, client_for):
    client, public = client_for(role), role in PUBLIC
    meeting, _annex = packages["agenda"]
    assert client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == (
        404 if public else 200
    )
    listing = client.get(reverse("meetings:meeting_list")).content.decode()
    assert ("Dagsordenmøde" in listing) is not public and "Referatmøde" in listing
    assert _found(client, "Arkivpunkt700") == (0 if public else 2)
    feed = client.get(reverse("meetings:feed")).content.decode()
    calendar = client.get(reverse("meetings:calendar")).content.decode()
    assert "Dagsordenmøde" not in feed and "Dagsordenmøde" not in calendar  # the public's
    assert "Nyt møde" in feed


def test_the_feed_links_no_retired_document(packages, client_for):
    meeting, _annex = packages["minutes"]
    feed = client_for("anonymous").get(reverse("meetings:feed")).content.decode()
    assert f"/moeder/{meeting.pk}/" in feed  # its minutes are still public
    assert "referat-offentlig" in feed
    links = re.findall(rf"/moeder/{meeting.pk}/version/\d+/pdf/[a-z]+-offentlig", feed)
    assert links and all(link.endswith("referat-offentlig") for link in links)


@pytest.mark.parametrize("role", ["anonymous", "council_member"])
def test_the_api_marks_the_retired_package_deleted_and_hides_retired_files(
    role, packages, client_for
):
    client = client_for(role)
    gone, _ = packages["agenda"]
    kept, annex = packages["minutes"]
    listed = client.get(reverse("api:meetings")).json()["data"]
    by_id = {row["id"].rstrip("/").rsplit("/", 1)[-1]: row for row in listed}
    assert by_id[str(gone.pk)].get("deleted", False) is (role == "anonymous")
    assert client.get(reverse("api:meeting", args=[gone.pk])).json().get("deleted", False) is (
        role == "anonymous"
    )
    detail = client.get(reverse("api:meeting", args=[kept.pk]))
    assert "deleted" not in detail.json()
    text = detail.content.decode()
    annex_url = reverse("meetings:annex_download", args=[kept.pk, annex.uid])
    assert (annex_url in text) is (role != "anonymous")
    assert ("bilag-offentlig" in text) is (role != "anonymous")
    assert "referat-offentlig" in text


def test_an_old_package_brought_in_after_its_retention_is_deleted_when_published(
    packages, client_for
):
    """Published today, 700 days after its meeting (as an archive import is): readers never had
    it, so its deleted Meeting is modified when it was published, not before it was created."""
    gone, _ = packages["agenda"]
    client = client_for("anonymous")
    row = client.get(reverse("api:meeting", args=[gone.pk])).json()
    assert row["deleted"] is True
    assert row["modified"] == row["created"]
    listed = client.get(reverse("api:meetings"), {"modified_since": row["created"]}).json()
    assert row["id"] in [meeting["id"] for meeting in listed["data"]]


def test_the_api_lists_retired_packages_without_a_query_each(packages, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("anonymous")

    def deleted_and_queries():
        with CaptureQueriesContext(connection) as queries:
            listed = client.get(reverse("api:meetings")).json()["data"]
        return sum(1 for row in listed if row.get("deleted")), len(queries)

    one, before = deleted_and_queries()
    _published("Gammelt møde", age=650)
    _published("Ældre møde", age=900, minutes=True)  # its minutes keep it public
    _published("Ældste møde", age=1000)
    three, after = deleted_and_queries()
    assert (one, three) == (1, 3)
    assert after == before


def test_the_classes_leave_at_their_own_cutoffs(packages, settings):
    minutes, _ = packages["minutes"]
    gone = set(visibility.retired_from_public().values_list("title", flat=True))
    assert gone == {"Dagsordenmøde"}
    without_annexes = visibility.retired_from_public(visibility.DocumentClass.ANNEXES)
    assert set(without_annexes.values_list("title", flat=True)) == {"Dagsordenmøde",
                                                                    "Referatmøde"}  # fmt: skip
    assert visibility.retired_documents(minutes, visibility.Audience.PUBLIC) == {
        visibility.DocumentClass.AGENDA,
        visibility.DocumentClass.ANNEXES,
    }
    assert visibility.retired_documents(minutes, visibility.Audience.MEMBERS) == frozenset()
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 0, "bilag": 0, "referat": 0}
    assert not visibility.retired_from_public().exists()
    assert visibility.public_cutoff() is None


def test_a_meeting_leaves_with_its_agenda_or_once_its_minutes_are_out_with_both(packages, settings):
    with_minutes, _ = packages["minutes"]
    without, _ = packages["agenda"]
    day = datetime.timedelta(days=1)
    assert visibility.meeting_left_public_at(without) == without.start + 365 * day
    assert visibility.meeting_left_public_at(with_minutes) is None  # minutes kept for good
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 365, "bilag": 365, "referat": 1000}
    assert visibility.meeting_left_public_at(with_minutes) == with_minutes.start + 1000 * day
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 365, "bilag": 365, "referat": 100}
    assert visibility.meeting_left_public_at(with_minutes) == with_minutes.start + 365 * day
    assert visibility.left_public_at(without, visibility.DocumentClass.ANNEXES) == (
        without.start + 365 * day
    )
