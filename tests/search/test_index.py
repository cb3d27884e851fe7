"""How the index follows publishing, uploads, deletions and registered sources."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings import visibility
from meetings.models import Annex, Body
from search import registry, selectors, services, tasks
from search.models import AnnexText, Entry
from tests.factories import CPH, ItemFactory, MeetingFactory, SectionFactory, annex_add

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


def _count(client, **params):
    html = client.get(reverse("search:search"), params).content.decode()
    return int(re.search(r"(\d+) resultat", html).group(1))


def _index():
    for annex_id in Annex.objects.values_list("pk", flat=True):
        services.annex_text_extract(annex_id=annex_id)
    services.rebuild_all()


@pytest.mark.parametrize("role", ROLES)
def test_an_item_closed_in_a_new_version_leaves_the_public_index(role, package, client_for):
    _index()
    client = client_for(role)
    assert _count(client, q="ÅBENTEKST") == 1
    item = package["open_item"]
    item.closed = True
    item.save()
    meeting_services.meeting_publish(meeting=package["meeting"])
    _index()
    members = role in ("secretariat", "council_member")
    assert _count(client, q="ÅBENTEKST") == (1 if members else 0)
    # Its open annex was opened with the item; it is closed with it too.
    assert _count(client, q="AABENBILAG") == (1 if members else 0)


def test_an_older_version_never_replaces_the_newer_one(package):
    first = package["meeting"].versions.get()
    item = package["open_item"]
    item.presentation = "<p>NYTEKST</p>"
    item.save()
    meeting_services.meeting_publish(meeting=package["meeting"])
    _index()
    services.version_index(version_id=first.pk)  # a late task for version 1 indexes version 2
    public = selectors.entries_for(None)
    assert selectors.search(public, "NYTEKST").count() == 1
    assert selectors.search(public, "ÅBENTEKST").count() == 0


def test_upload_extracts_text_in_a_task_after_commit_and_reindexes(
    package, eager_celery, django_capture_on_commit_callbacks
):
    meeting = package["meeting"]  # published as version 1
    assert not selectors.search(selectors.entries_for(None), "EFTERSENDT").exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        annex_add(package["open_item"], title="Eftersendt notat", text="EFTERSENDT")
        assert not AnnexText.objects.filter(text__contains="EFTERSENDT").exists()
    assert callbacks  # the extraction was queued for after the commit, not run inline
    assert AnnexText.objects.filter(text__contains="EFTERSENDT").exists()
    # Found once the secretariat publishes the version that includes the annex.
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_publish(meeting=meeting)
    (entry,) = selectors.search(selectors.entries_for(None), "EFTERSENDT")
    assert entry.title == "Bilag 3: Eftersendt notat"


def test_publishing_indexes_in_a_task_after_commit(
    db, eager_celery, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    ItemFactory(section=SectionFactory(meeting=meeting), presentation="<p>Trafikplan</p>")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_publish(meeting=meeting)
    assert selectors.search(selectors.entries_for(None), "trafikplanen").count() == 1


def test_deleting_a_meeting_removes_its_entries(package):
    _index()
    assert Entry.objects.filter(meeting=package["meeting"]).exists()
    package["meeting"].delete()
    assert not Entry.objects.filter(source=f"meeting:{package['meeting'].pk}").exists()


def test_year_is_the_meetings_local_year(db):
    meeting = MeetingFactory(start=datetime.datetime(2025, 1, 1, 0, 30, tzinfo=CPH))
    ItemFactory(section=SectionFactory(meeting=meeting))
    meeting.late_publish_reason = "Nytårsmøde"
    meeting.save()
    meeting_services.meeting_publish(meeting=meeting)
    services.rebuild_all()
    assert set(Entry.objects.values_list("year", flat=True)) == {2025}


def test_filters_by_year_body_and_kind(package, client_for):
    _index()
    client = client_for("anonymous")
    year = package["meeting"].start.year
    body = package["meeting"].body.slug
    # The open item only: a closed item's public entry has its number and title, no text.
    assert _count(client, q="Baggrundstekst") == 1
    assert _count(client, q="Baggrundstekst", year=year, body=body, kind="item") == 1
    assert _count(client, q="Baggrundstekst", year=year - 1) == 0
    assert _count(client, q="Baggrundstekst", kind="annex") == 0
    Body.objects.create(slug="andet-organ", name="Andet organ")
    assert _count(client, q="Baggrundstekst", body="andet-organ") == 0


@pytest.mark.parametrize("q", ["a\x00b", "\x00", "'&|!:*", '"', "-", "a" * 5000, "kommune <b>"])
def test_odd_queries_are_answered(q, package, client_for):
    response = client_for("anonymous").get(reverse("search:search"), {"q": q})
    assert response.status_code == 200


@pytest.fixture
def clean_registry():
    saved = dict(registry._sources)
    yield
    registry._sources.clear()
    registry._sources.update(saved)


def test_a_registered_source_is_indexed_and_replaced(db, clean_registry, client_for):
    rows = ["Fællesudbud af hjælpemidler"]

    def build():
        for n, title in enumerate(rows):
            yield Entry(kind=Entry.Kind.BUDGET, audience=visibility.Audience.PUBLIC,
                        source=f"udbud:{n}", year=2024, title=title, url="/")  # fmt: skip

    registry.register("udbud", build)
    assert "udbud" in registry.source_names()
    assert services.source_index(name="udbud") == 1
    assert _count(client_for("anonymous"), q="hjælpemidlerne") == 1
    rows[:] = ["Fælles indkøb af kørestole"]
    tasks.index_source("udbud")
    assert _count(client_for("anonymous"), q="hjælpemidlerne") == 0
    assert _count(client_for("anonymous"), q="kørestol") == 1


def test_a_source_may_not_write_outside_its_prefix(db, clean_registry):
    registry.register("udbud", lambda: [Entry(kind="budget", audience="public",
                                              source="meeting:1", year=2024, title="x", url="/")])  # fmt: skip
    with pytest.raises(ValueError):
        services.source_index(name="udbud")


def test_items_are_found_by_case_number(package, client_for):
    _index()
    # Both items of the published meeting carry the factory's case number; the closed one's
    # public entry has its number and title only.
    assert _count(client_for("anonymous"), q="SAG-2023-03908") == 1
    assert _count(client_for("council_member"), q="SAG-2023-03908") == 2
