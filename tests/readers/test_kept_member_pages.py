"""Logged-in readers' kept pages (meetings/personal_shell.py): the meeting page and the meeting
list of an audience are kept once, and each reader's own parts (name, CSRF token, messages,
apologies, notes) are rendered for them and put in. One member never gets another's parts, an
anonymous reader never gets a member's page, and the page means what the uncached page means."""

import re

import pytest
from django.contrib.auth.models import User
from django.middleware.csrf import _does_token_match
from django.test import Client
from django.urls import reverse

from meetings.models import Person
from notes import services as note_services
from tests.leakscan import leaked, response_text
from tests.test_permissions import CLOSED_MARKERS

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=|data-csrf=)"([^"]+)"')
ABSENT = "Du har meldt afbud til mødet."
MESSAGE = "Dit afbud er registreret."


@pytest.fixture(autouse=True)
def _frozen_pages(settings):
    settings.FROZEN_PAGES = True


@pytest.fixture
def second_member(users):
    user = User.objects.create_user("raadsmedlem2", first_name="Birte", last_name="Bjerregaard")
    user.groups.add(*users["council_member"].groups.all())
    Person.objects.create(name="Birte Bjerregaard", user=user)
    client = Client()
    client.force_login(user)
    return client


def _tokens_are_the_clients_own(answer, client):
    tokens = [token for _, token in TOKEN.findall(answer.content.decode())]
    assert tokens, "the page has its forms' tokens"
    secret = client.cookies["csrftoken"].value
    assert all(_does_token_match(token, secret) for token in tokens)


def _number(package) -> str:
    from meetings.selectors import reader_package

    reader = reader_package(meeting_id=package["meeting"].pk, user=None)
    return reader.typed.find_item(item_id=package["open_item"].pk).number


def _without_tokens(answer) -> str:
    return TOKEN.sub(r"\1TOKEN", answer.content.decode())


def test_two_members_get_their_own_parts_from_one_kept_page(
    package, client_for, users, second_member, settings, django_assert_num_queries
):
    meeting = package["meeting"]
    url = meeting.get_absolute_url()
    first = client_for("council_member")
    # The first member has sent apologies (a message waits for them) and written a note.
    first.post(reverse("meetings:absence_report", args=[meeting.pk]))
    note_services.note_create(
        author=users["council_member"],
        meeting=meeting,
        data=note_services.NoteInput(item_number=_number(package), exact="ÅBENTEKST", body="NOTE"),
    )
    # The second member fills the cache; the first is then answered from it.
    kept_by_second = second_member.get(url)
    mine = first.get(url)
    with django_assert_num_queries(5):
        theirs = second_member.get(url)
    for answer in (kept_by_second, mine, theirs):
        assert answer.status_code == 200
        assert "private" in answer["Cache-Control"]
        assert "LUKKETTEKST" in response_text(answer)
    mine_text, theirs_text = response_text(mine), response_text(theirs)
    assert "medlem" in mine_text and "Birte Bjerregaard" not in mine_text
    assert "Birte Bjerregaard" in theirs_text
    assert ABSENT in mine_text and MESSAGE in mine_text and "Du har 1 note til mødet." in mine_text
    assert ABSENT not in theirs_text and MESSAGE not in theirs_text
    assert "Du har ingen noter til mødet endnu." in theirs_text and "Meld afbud" in theirs_text
    assert "Meld afbud" not in mine_text.replace("meldt afbud", "")
    _tokens_are_the_clients_own(mine, first)
    _tokens_are_the_clients_own(theirs, second_member)
    # The kept page, with the parts put in, is the page rendered without the cache.
    kept = {client: client.get(url) for client in (first, second_member)}
    settings.FROZEN_PAGES = False
    for client, answer in kept.items():
        assert _without_tokens(answer) == _without_tokens(client.get(url))


def test_anonymous_readers_and_municipalities_never_get_a_members_page(
    package, client_for, second_member
):
    url = package["meeting"].get_absolute_url()
    for _ in range(2):
        second_member.get(url)
        client_for("council_member").get(url)
    for role in ("anonymous", "municipality", "anonymous", "municipality"):
        client = client_for(role)
        answer = client.get(url)
        forbidden = [*CLOSED_MARKERS, "Frister og fremmøde", "Mine private noter", "Birte"]
        assert leaked(answer, forbidden) == []
        assert b'id="procedure-h"' not in answer.content
        if role == "anonymous":
            assert b"csrfmiddlewaretoken" not in answer.content
            assert "Log ind" in response_text(answer) and "Log ud" not in response_text(answer)
        else:
            assert "Log ud" in response_text(answer)
            _tokens_are_the_clients_own(answer, client)


def test_a_kept_meeting_list_costs_a_member_only_who_they_are(
    package, client_for, second_member, django_assert_num_queries
):
    """Session, user and roles: the list itself comes from the cache."""
    url = reverse("meetings:meeting_list")
    first = client_for("council_member")
    first.get(url)
    with django_assert_num_queries(3):
        mine = first.get(url)
    with django_assert_num_queries(3):
        theirs = second_member.get(url)
    assert "Møde i KKR Nordjylland" in response_text(mine)
    assert "Birte Bjerregaard" in response_text(theirs)
    assert "Birte Bjerregaard" not in response_text(mine)
    _tokens_are_the_clients_own(mine, first)
    _tokens_are_the_clients_own(theirs, second_member)
    # A filtered list reflects its query and is rendered for the request.
    filtered = first.get(url, {"year": package["meeting"].start.year})
    assert "Møde i KKR Nordjylland" in response_text(filtered)
