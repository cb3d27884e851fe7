"""A member's notes reach nobody else: another member, the secretariat, a municipality and
anonymous readers fetch every URL of the portal (pages, PDFs, search, feeds, calendars, the API,
the admin) and never receive a note's text."""

import pytest
from django.contrib import admin
from django.urls import reverse

from meetings.rules import COUNCIL_MEMBER
from notes import services
from tests.factories import user_with_role
from tests.leakscan import ROLES, reader_urls, response_text
from tests.test_permissions import CASES

MARKER = "PRIVATNOTEMARKØR"
# Searched for, so that a note in any search result would show (a query is echoed on the page).
SEARCH_WORD = "randbemærkning"


@pytest.fixture
def author_notes(package):
    author = user_with_role("forfatter", COUNCIL_MEMBER)
    meeting = package["meeting"]
    for key in ("open_item", "closed_item"):
        package[key].refresh_from_db()
    targets = [
        (package["open_item"].number, "ÅBENTEKST", None, None),
        (package["closed_item"].number, "LUKKETTEKST", None, None),
        (package["open_item"].number, "AABENBILAG", package["open_annex"], 1),
        (package["open_item"].number, "LUKKETBILAG", package["closed_annex"], 1),
    ]
    for number, quote, annex, page in targets:
        services.note_create(
            author=author,
            meeting=meeting,
            data=services.NoteInput(
                item_number=number,
                exact=quote,
                body=f"{MARKER} om {quote}: {SEARCH_WORD}",
                annex_uid=str(annex.uid) if annex else None,
                page=page,
            ),
        )
    return author


def _index():
    from meetings.models import Annex
    from search import services as search_services

    for annex_id in Annex.objects.values_list("pk", flat=True):
        search_services.annex_text_extract(annex_id=annex_id)
    search_services.rebuild_all()


def _admin_urls(author):
    urls = [reverse("admin:index"), reverse("admin:auth_user_delete", args=[author.pk])]
    urls.append(reverse("admin:auth_user_change", args=[author.pk]))
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_nobody_but_the_author_ever_receives_a_note(role, package, author_notes, client_for):
    client = client_for(role)
    _index()
    urls = [build(package) for cases in CASES.values() for build, _expected in cases]
    urls += reader_urls(search_for=(SEARCH_WORD, "ÅBENTEKST", "LUKKETBILAG"))
    urls.append(reverse("notes:my_notes") + f"?q={SEARCH_WORD}")
    if role == "secretariat":
        urls += _admin_urls(author_notes)
    seen = []
    for url in urls:
        response = client.get(url)
        if MARKER in response_text(response):
            seen.append(url)
    assert seen == [], (role, seen)


def test_the_author_sees_their_own_notes(package, author_notes, client):
    client.force_login(author_notes)
    page = client.get(reverse("notes:meeting_notes", args=[package["meeting"].pk])).content
    assert page.decode().count(MARKER) == 4
    api = client.get(reverse("notes:meeting_api", args=[package["meeting"].pk])).json()
    assert sorted(note["exact"] for note in api["notes"]) == [
        "AABENBILAG",
        "LUKKETBILAG",
        "LUKKETTEKST",
        "ÅBENTEKST",
    ]
    pdf = client.get(reverse("notes:export_pdf", args=[package["meeting"].pk]))
    assert response_text(pdf).count(MARKER) == 4
