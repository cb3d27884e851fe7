"""Saved searches: one e-mail with what a newly published package has for a reader's search,
each finding told once, and never a closed item's title."""

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from search.models import SavedSearch
from tests.factories import ItemFactory, MeetingFactory
from tests.search.corpus import meeting_of

ROLES = ("secretariat", "council_member", "municipality")


@pytest.fixture
def readers(users):
    for role in ROLES:
        users[role].email = f"{role}@example.dk"
        users[role].save()
    return users


def _save(client, q, **params):
    return client.post(reverse("search:agent_save"), {"q": q, **params})


def _publish(meeting, capture):
    with capture(execute=True):
        meeting_services.meeting_publish(meeting=meeting)


@pytest.fixture
def meeting(db):
    return meeting_of(
        ("Fordeling af lærepladser", "Lærepladserne fordeles efter beskæftigelse."),
        ("Personalesag om praktikvejleder", "Vejlederen for lærepladser fratræder."),
        closed=(2,),
    )


def test_new_findings_are_told_once_and_closed_ones_never_named(
    meeting, readers, client_for, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    for role in ("municipality", "council_member"):
        response = _save(client_for(role), "lærepladser")
        assert response.status_code == 302
        assert SavedSearch.objects.filter(user=readers[role], q="lærepladser").exists()
    _publish(meeting, django_capture_on_commit_callbacks)

    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(mails) == ["council_member@example.dk", "municipality@example.dk"]
    for mail in mails.values():
        assert mail.subject.startswith("Nye fund for “lærepladser”: Møde i KKR Nordjylland")
        assert "- 1.1 Fordeling af lærepladser" in mail.body
        # The link opens the item at the hit (a text fragment).
        assert (
            f"/moeder/{meeting.pk}/#punkt-1.1:~:text=L%C3%A6repladserne,-fordeles%20efter%20"
            in mail.body
        )
        assert "Personalesag" not in mail.body and "praktikvejleder" not in mail.body
        assert "/soeg/besked/" in mail.body
    assert "lukkede" not in mails["municipality@example.dk"].body
    assert "Og 1 fund i lukkede punkter og bilag" in mails["council_member@example.dk"].body

    # A new version with nothing new for the search tells nothing; a new finding is told alone.
    mailoutbox.clear()
    ItemFactory(section=meeting.sections.get(), position=3, title="Busdrift")
    _publish(meeting, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    ItemFactory(section=meeting.sections.get(), position=4, title="Ekstra lærepladser i 2027")
    _publish(meeting, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert "Ekstra lærepladser i 2027" in mail.body
        assert "Fordeling af lærepladser" not in mail.body


def test_saving_tells_nothing_that_is_found_already(
    meeting, readers, client_for, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    _publish(meeting, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    _save(client_for("municipality"), "lærepladser")
    ItemFactory(section=meeting.sections.get(), position=3, title="Busdrift")
    _publish(meeting, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_a_search_is_saved_with_its_body_and_kind_and_told_only_for_them(
    meeting, readers, client_for, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for("municipality")
    _save(client, "lærepladser", body="et-andet-organ")
    _save(client, "lærepladser", kind="annex")
    assert list(SavedSearch.objects.values_list("body", "kind")) == [(None, ""), (None, "annex")]
    MeetingFactory(body__slug="andet", body__name="Andet organ")
    _save(client, "lærepladser", body="andet")
    _publish(meeting, django_capture_on_commit_callbacks)
    # The plain search is told; the annex-only one and the other body's one have nothing.
    assert len(mailoutbox) == 1


def test_without_an_email_address_nothing_is_saved(db, users, client_for):
    response = _save(client_for("municipality"), "lærepladser")
    assert SavedSearch.objects.count() == 0
    page = response.client.get(response["Location"]).content.decode()
    assert "ingen e-mailadresse" in page
    response = _save(client_for("municipality"), "   ")
    assert SavedSearch.objects.count() == 0


def test_a_reader_saves_fifty_searches_at_most(db, readers, client_for):
    client = client_for("municipality")
    for n in range(50):
        _save(client, f"emne {n}")
    response = _save(client, "emne 50")
    assert SavedSearch.objects.filter(user=readers["municipality"]).count() == 50
    assert "højst 50 søgninger" in response.client.get(response["Location"]).content.decode()
    _save(client, "emne 7")  # saving one that is saved already is no new one
    assert SavedSearch.objects.filter(user=readers["municipality"]).count() == 50


@pytest.mark.parametrize("role", (*ROLES, "anonymous"))
def test_saved_searches_are_their_owners_alone(role, readers, client_for):
    others = {r: SavedSearch.objects.create(user=readers[r], q=f"søgning for {r}") for r in ROLES}
    client = client_for(role)
    page = client.get(reverse("search:agents"))
    if role == "anonymous":
        assert page.status_code == 302 and page["Location"].startswith(reverse("login"))
        assert _save(client, "trafik").status_code == 302
        assert SavedSearch.objects.filter(q="trafik").count() == 0
        return
    html = page.content.decode()
    assert f"søgning for {role}" in html
    assert all(f"søgning for {r}" not in html for r in ROLES if r != role)
    stranger = next(other for r, other in others.items() if r != role)
    assert client.post(reverse("search:agents"), {"stop": stranger.pk}).status_code == 404
    assert client.post(reverse("search:agents"), {"stop": "x"}).status_code == 404
    assert SavedSearch.objects.filter(pk=stranger.pk).exists()
    response = client.post(reverse("search:agents"), {"stop": others[role].pk})
    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=others[role].pk).exists()


@pytest.mark.parametrize("role", ("council_member", "anonymous"))
def test_a_search_as_a_feed_is_what_the_public_finds_newest_first(role, meeting, client_for):
    import feedparser

    from search import services

    older = meeting_of(("Lærepladser i 2025", "Fordelingen blev godkendt."))
    older.start = older.start.replace(year=older.start.year - 2)
    older.late_publish_reason = "Arkiv"
    older.save()
    for each in (meeting, older):
        meeting_services.meeting_publish(meeting=each)
    services.rebuild_all()
    response = client_for(role).get(reverse("search:feed"), {"q": "lærepladser"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "KKR Portal – søgning: lærepladser"
    assert [e.title for e in feed.entries] == [
        "1.1 Fordeling af lærepladser",
        "1.1 Lærepladser i 2025",
    ]
    # The entry opens the item at the hit; its id is the item's own address.
    item = f"http://testserver/moeder/{meeting.pk}/#punkt-1.1"
    assert feed.entries[0].link.startswith(item + ":~:text=L%C3%A6repladserne,-fordeles")
    assert feed.entries[0].id == item
    assert feed.entries[0].summary.startswith("Lærepladserne fordeles")
    body = response.content.decode()
    assert "&lt;mark&gt;Lærepladserne&lt;/mark&gt; fordeles" in body
    assert "Personalesag" not in body and "fratræder" not in body
    assert client_for(role).get(reverse("search:feed")).status_code == 404


def test_the_e_mail_is_in_the_language_the_reader_reads_in(
    meeting, readers, client_for, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    english = client_for("council_member")
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    _save(english, "lærepladser")
    _save(client_for("municipality"), "lærepladser")
    assert SavedSearch.objects.get(user=readers["council_member"]).language == "en"
    assert SavedSearch.objects.get(user=readers["municipality"]).language == "da"
    _publish(meeting, django_capture_on_commit_callbacks)

    mails = {mail.to[0]: mail for mail in mailoutbox}
    member, municipality = mails["council_member@example.dk"], mails["municipality@example.dk"]
    assert member.subject.startswith("New results for “lærepladser”: Møde i KKR Nordjylland")
    assert "Your saved search “lærepladser” has new results" in member.body
    assert "And 1 result in closed items and annexes; log in to see it" in member.body
    assert "Nye fund" not in member.body + member.subject
    assert municipality.subject.startswith("Nye fund for “lærepladser”")
    assert "New results" not in municipality.body + municipality.subject
