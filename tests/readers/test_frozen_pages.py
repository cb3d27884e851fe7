"""Frozen reader pages (meetings/frozen.py): a published version's page is rendered once per
audience and language and then answered from the cache, without a database query or a cookie
for anonymous readers, with 304 on a matching ETag, and never to another audience."""

import datetime
import gzip

import brotli
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from meetings import rendering, services
from meetings.models import VersionDocument
from tests.factories import annex_add
from tests.leakscan import leaked, response_text
from tests.pdfs import make_pdf
from tests.test_permissions import CLOSED_MARKERS, DRAFT_MARKERS, UNPUBLISHED_MARKERS


@pytest.fixture(autouse=True)
def _frozen_pages(settings):
    settings.FROZEN_PAGES = True


def _page(package, version=None):
    pk = package["meeting"].pk
    if version is None:
        return reverse("meetings:meeting_detail", args=[pk])
    return reverse("meetings:meeting_version", args=[pk, version])


def _cached(client, url, django_assert_num_queries, **headers):
    """The answer once the page is in the cache: asked twice, the second costs no query."""
    first = client.get(url, **headers)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url, **headers)
    assert second.status_code == 200
    return second


def test_a_cached_page_costs_an_anonymous_reader_no_query_and_no_cookie(
    package, django_assert_num_queries
):
    client = Client()
    url = _page(package)
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Vækst Via Viden" in response_text(second)
    for answer in (first, second):
        assert not answer.cookies, answer.cookies
        assert "Set-Cookie" not in answer.headers
        assert b"csrfmiddlewaretoken" not in answer.content
        assert answer["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert not client.cookies
    # An older version's page is kept too, under its own address.
    older = _cached(client, _page(package, version=1), django_assert_num_queries)
    assert "Vækst Via Viden" in response_text(older)


def test_a_matching_etag_or_date_is_answered_304_without_a_query(
    package, django_assert_num_queries
):
    client = Client()
    url = _page(package)
    answer = client.get(url)
    etag, modified = answer["ETag"], answer["Last-Modified"]
    assert etag.startswith('W/"')
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert by_date.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200


def test_compressed_as_the_client_asks(package, django_assert_num_queries):
    client = Client()
    url = _page(package)
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    with django_assert_num_queries(0):
        as_brotli = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        as_gzip = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert as_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(as_brotli.content) == plain.content
    assert as_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.content) == plain.content
    assert "Accept-Encoding" in as_gzip["Vary"]
    assert len(as_brotli.content) < len(plain.content) / 3


def test_publish_withdraw_and_delete_change_the_answer_at_once(
    package, users, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = Client()
    url = _page(package)
    assert "NYVERSIONTEKST" not in response_text(_cached(client, url, django_assert_num_queries))
    item = package["open_item"]
    item.background = "<p>NYVERSIONTEKST</p>"
    item.save()
    assert "NYVERSIONTEKST" not in response_text(client.get(url)), "a draft edit is not published"
    with django_capture_on_commit_callbacks(execute=True):
        version = services.meeting_publish(meeting=package["meeting"])
    published = response_text(client.get(url))
    assert "NYVERSIONTEKST" in published
    assert "Version 2" in published
    with django_capture_on_commit_callbacks(execute=True):
        services.version_withdraw(version=version, user=users["secretariat"], reason="Fejl")
    withdrawn = response_text(_cached(client, url, django_assert_num_queries))
    assert "NYVERSIONTEKST" not in withdrawn
    assert "Version 1" in withdrawn
    assert client.get(_page(package, version=2)).status_code == 404
    first = _page(package, version=1)
    _cached(client, first, django_assert_num_queries)
    package["meeting"].delete()
    assert client.get(url).status_code == 404
    assert client.get(first).status_code == 404


def test_a_finished_pdf_shows_at_once(package, django_assert_num_queries):
    """The page of a version whose PDFs are still rendering is replaced when one is stored."""
    client = Client()
    package["open_item"].background = "<p>Ny baggrund</p>"
    package["open_item"].save()
    version = services.meeting_publish(meeting=package["meeting"])
    url = _page(package)
    rendering_page = response_text(_cached(client, url, django_assert_num_queries))
    assert "PDF-filerne er ved at blive dannet" in rendering_page
    rendering.document_store(
        version=version, kind="bilag", variant="offentlig", data=make_pdf(3, "BUNDT")
    )
    assert VersionDocument.objects.filter(version=version).count() == 1
    ready = response_text(client.get(url))
    assert "PDF-filerne er ved at blive dannet" not in ready
    assert "Bilagssamling" in ready


def _forbidden(role):
    markers = [*UNPUBLISHED_MARKERS, *DRAFT_MARKERS]
    if role in ("anonymous", "municipality"):
        markers += [*CLOSED_MARKERS, "Notat om løn"]
    return markers


def test_the_cache_never_gives_one_audience_the_page_of_another(package, client_for):
    """The leak scan over cached answers: a member fills the cache first (closed items shown),
    then anonymous readers and a municipality ask, each twice, in both languages."""
    annex_add(package["open_item"], title="Notat om løn", closed=True, text="LUKKET2")
    services.meeting_publish(meeting=package["meeting"])
    urls = [_page(package), _page(package, version=1), _page(package, version=2)]
    urls.append(reverse("meetings:meeting_list"))
    found = {}
    for language in ("da", "en"):
        for role in ("council_member", "anonymous", "municipality", "anonymous", "council_member"):
            client = client_for(role)
            client.cookies["django_language"] = language
            for url in urls:
                for _ in range(2):
                    answer = client.get(url)
                    assert answer.status_code == 200
                    hits = leaked(answer, _forbidden(role))
                    if hits:
                        found[(language, role, url)] = hits
                    if role == "council_member" and "moeder" in url:
                        # The member did see the closed item: the cache held closed content.
                        assert "LUKKETTEKST" in response_text(answer)
                        assert "private" in answer["Cache-Control"]
    assert found == {}


def test_members_share_the_package_but_not_their_own_parts(package, client_for, users):
    from meetings.models import Person

    member = client_for("council_member")
    first = member.get(_page(package))
    other_user = users["council_member"].__class__.objects.create_user("medlem2", password="pw")
    other_user.groups.add(*users["council_member"].groups.all())
    Person.objects.create(name="Anden Person", user=other_user)
    other = Client()
    other.force_login(other_user)
    second = other.get(_page(package))
    assert "LUKKETTEKST" in response_text(second)
    # Each page has its own CSRF token (the personal shell is rendered for each member).
    assert b"csrfmiddlewaretoken" in first.content and b"csrfmiddlewaretoken" in second.content
    assert users["council_member"].username in first.content.decode()
    assert "medlem2" not in first.content.decode()
    assert "medlem2" in second.content.decode()


def test_the_secretariat_is_never_answered_from_the_cache(package, client_for):
    anonymous = client_for("anonymous")
    anonymous.get(_page(package))
    secretariat = client_for("secretariat").get(_page(package))
    assert "Redigering" in secretariat.content.decode()
    assert "ETag" not in secretariat or secretariat["ETag"] != anonymous.get(_page(package))["ETag"]


def test_danish_and_english_are_kept_apart(package, django_assert_num_queries):
    danish, english = Client(), Client()
    english.cookies["django_language"] = "en"
    url = _page(package)
    for _ in range(2):
        da = _cached(danish, url, django_assert_num_queries)
        en = _cached(english, url, django_assert_num_queries)
        assert 'lang="da"' in da.content.decode() and "Hent mødepakken" in da.content.decode()
        assert 'lang="en"' in en.content.decode() and "Hent mødepakken" not in en.content.decode()
        assert (da["Content-Language"], en["Content-Language"]) == ("da", "en")
        assert da["ETag"] != en["ETag"]


def test_a_page_that_changes_with_time_is_kept_only_until_then(package, settings):
    """An upcoming meeting is held once it starts; after the retention period it leaves the
    public site. Neither is a publication, so the cache must know the moment itself."""
    client = Client()
    url = _page(package)
    assert "Dagsorden udsendt" in response_text(client.get(url))
    start = package["meeting"].start
    with time_machine.travel(start + datetime.timedelta(hours=1)):
        assert "Afholdt – referat følger" in response_text(client.get(url))
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 30, "bilag": 30, "referat": 30}
    client.get(url)
    with time_machine.travel(start + datetime.timedelta(days=31)):
        assert client.get(url).status_code == 404


def test_the_language_switch_needs_no_token_but_refuses_other_sites(package):
    client = Client(enforce_csrf_checks=True)
    url = _page(package)
    switched = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302
    assert client.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get(url).content.decode()
    forged = client.post(
        reverse("set_language"), {"language": "da", "next": url}, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert forged.status_code == 403
    from_elsewhere = client.post(
        reverse("set_language"), {"language": "da"}, HTTP_ORIGIN="https://example.org"
    )
    assert from_elsewhere.status_code == 403
    assert client.cookies["django_language"].value == "en"


def test_the_meeting_list_is_kept_until_a_meeting_is_published(package, django_assert_num_queries):
    client = Client()
    url = reverse("meetings:meeting_list")
    listed = response_text(_cached(client, url, django_assert_num_queries))
    assert "Møde i KKR Nordjylland" in listed
    assert "KLADDEMØDE" not in listed
    draft = package["draft"]
    services.meeting_publish(meeting=draft)
    assert "KLADDEMØDE" in response_text(_cached(client, url, django_assert_num_queries))
    # A filtered list reflects its query: it is rendered each time, never kept.
    filtered = client.get(url, {"year": draft.start.year})
    assert "public" not in filtered.get("Cache-Control", "")


def test_hashed_static_files_are_immutable(settings, tmp_path):
    """After collectstatic (STATIC_HASHED), pages name static files by their content hash and
    whitenoise sends those for good; the plain names are asked again after a minute."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    staticfiles_storage._setup()
    hashed = static("css/portal.css")
    assert hashed.startswith("/static/css/portal.") and hashed != "/static/css/portal.css"
    client = Client()
    answer = client.get(hashed, HTTP_ACCEPT_ENCODING="br")
    assert answer.status_code == 200
    assert "immutable" in answer["Cache-Control"]
    assert answer["Content-Encoding"] == "br"
    assert "immutable" not in client.get("/static/css/portal.css")["Cache-Control"]


# The whole snapshot column, not a part of it ("snapshot" -> 'meeting').
WHOLE_SNAPSHOT = '"meetings_packageversion"."snapshot" AS'
# Session, user and roles (who they are and what they may see), own apologies, notes.
MEMBER_PAGE_QUERIES = 5
# With a note: the package is read to check that the note's item is still readable (meeting,
# versions, snapshot).
NOTE_CHECK_QUERIES = 3


def test_a_cached_page_costs_a_member_few_queries_and_no_snapshot(
    package, client_for, users, django_assert_num_queries
):
    """The members' page is kept whole but for the member's own parts: a cached page reads only
    who the member is and what is theirs; the snapshot is loaded only when they have a note."""
    from meetings.selectors import reader_package
    from notes import services as note_services

    member = client_for("council_member")
    url = _page(package)
    first = member.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(MEMBER_PAGE_QUERIES) as captured:
        second = member.get(url)
    assert second.status_code == 200
    assert "private" in second["Cache-Control"]
    assert "LUKKETTEKST" in response_text(second)
    assert "Møde i KKR Nordjylland" in response_text(second)
    assert not [q["sql"] for q in captured.captured_queries if WHOLE_SNAPSHOT in q["sql"]]
    # With a note, the package is read once, to check that its item is still readable.
    reader = reader_package(meeting_id=package["meeting"].pk, user=users["council_member"])
    number = reader.typed.find_item(item_id=package["open_item"].pk).number
    note_services.note_create(
        author=users["council_member"],
        meeting=package["meeting"],
        data=note_services.NoteInput(item_number=number, exact="ÅBENTEKST", body="MIN NOTE"),
    )
    member.get(url)
    with django_assert_num_queries(MEMBER_PAGE_QUERIES + NOTE_CHECK_QUERIES) as captured:
        third = member.get(url)
    assert "Du har 1 note til mødet." in response_text(third)
    assert len([q for q in captured.captured_queries if WHOLE_SNAPSHOT in q["sql"]]) == 1
