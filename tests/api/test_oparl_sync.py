"""What a client that keeps a copy of the API relies on (OParl 1.1, "Objektlisten" and "Gelöschte
Objekte"): every list filters on the very `created` and `modified` its objects carry, and a person
who left stays reachable as a deleted Person, modified when the last membership was removed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Membership, Person
from tests.api.test_oparl_schema import OPARL, ROOT, crawl

# Every OParl object list of the API (contracts and budgets are extensions without times).
LISTS = ("bodies", "organizations", "meetings", "persons", "consultations", "papers")
SECOND = datetime.timedelta(seconds=1)


def _moment(value) -> str:
    return timezone.localtime(value).isoformat()


def _page(client, name, **query) -> dict:
    answer = client.get(reverse(f"api:{name}"), {"page_size": 100, **query})
    assert answer.status_code == 200, (name, query, answer.content)
    return answer.json()


def _ids(client, name, **query) -> set[str]:
    return {row["id"] for row in _page(client, name, **query)["data"]}


def _later(moment: str) -> str:
    return (datetime.datetime.fromisoformat(moment) + SECOND).isoformat()


def _earlier(moment: str) -> str:
    return (datetime.datetime.fromisoformat(moment) - SECOND).isoformat()


def _disagreements(client) -> list[str]:
    """Each listed object is found by its own times and not by a second past (or before) them."""
    found = []
    for name in LISTS:
        for row in _page(client, name)["data"]:
            missing = [key for key in ("created", "modified") if key not in row]
            if missing:
                found.append(f"{name}: {row['id']} carries no {' or '.join(missing)}")
                continue
            checks = [(f"{key}_{bound}", row[key], step(row[key]))
                      for key in ("created", "modified")
                      for bound, step in (("since", _later), ("until", _earlier))]  # fmt: skip
            for param, itself, past in checks:
                if row["id"] not in _ids(client, name, **{param: itself}):
                    found.append(f"{name}: {row['id']} not found by {param}={itself}")
                if row["id"] in _ids(client, name, **{param: past}):
                    found.append(f"{name}: {row['id']} found by {param}={past}")
    return found


@pytest.fixture
def someone_left(followed):
    """Tidligere Medlem's one membership is removed: he is no longer listed as a member."""
    person = Person.objects.get(name="Tidligere Medlem")
    membership = person.memberships.get()
    pk = membership.pk
    membership.delete()
    return {**followed, "person": person, "membership_pk": pk}


@pytest.mark.parametrize("role", ["anonymous", "council_member"])
def test_every_list_filters_on_the_times_its_objects_carry(role, someone_left, client_for):
    client = client_for(role)
    assert _disagreements(client) == []
    # KKR has no papers; every other list holds something, so the check above means something.
    empty = {name for name in LISTS if not _page(client, name)["data"]}
    assert empty == {"papers"}


@pytest.mark.parametrize("role", ["anonymous", "council_member"])
def test_a_meeting_that_left_the_public_site_is_found_by_when_it_left(
    role, followed, client_for, settings
):
    """A client that asks what changed since it last looked learns of the deletion."""
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 1, "bilag": 1, "referat": 1}
    meeting = followed["meeting"]
    meeting.start = timezone.now() - datetime.timedelta(days=30)
    meeting.save(update_fields=["start"])
    client = client_for(role)
    [row] = _page(client, "meetings")["data"]
    assert row.get("deleted", False) is (role == "anonymous")
    assert _disagreements(client) == []


@pytest.mark.parametrize("name", LISTS)
def test_every_list_refuses_a_time_that_is_no_time(name, followed, client_for):
    answer = client_for("anonymous").get(reverse(f"api:{name}"), {"modified_since": "i går"})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("ugyldigt filter")


def test_the_openapi_document_names_the_time_filters_on_every_list(client):
    paths = client.get(reverse("api:openapi")).json()["paths"]
    for name in LISTS:
        params = {p["name"] for p in paths[reverse(f"api:{name}")]["get"]["parameters"]}
        assert {"created_since", "created_until", "modified_since", "modified_until"} <= params


def test_a_person_who_left_is_a_deleted_person(someone_left, client_for):
    client, person = client_for("anonymous"), someone_left["person"]
    url = ROOT + f"persons/{person.pk}/"
    removed = Membership.history.filter(id=someone_left["membership_pk"], history_type="-").get()
    gone = {"id": url, "type": OPARL + "Person", "deleted": True,
            "created": _moment(person.created), "modified": _moment(removed.history_date)}  # fmt: skip
    assert client.get(url).json() == gone
    assert gone in _page(client, "persons")["data"]
    # Found by a client that asks what changed since just before the removal, and only then.
    assert url in _ids(client, "persons", modified_since=_moment(removed.history_date))
    assert url not in _ids(client, "persons", modified_since=_later(gone["modified"]))
    # A later change of the person's row does not move the moment of the deletion.
    person.email = "tidligere@aalborg.dk"
    person.save()
    assert client.get(url).json() == gone


def test_a_person_who_comes_back_is_a_person_again(someone_left, client_for):
    person = someone_left["person"]
    Membership.objects.create(
        person=person, body=someone_left["meeting"].body, start=datetime.date(2026, 1, 1)
    )
    data = client_for("anonymous").get(ROOT + f"persons/{person.pk}/").json()
    assert "deleted" not in data and len(data["membership"]) == 1


def test_a_person_who_never_was_a_member_is_not_found(followed, client_for):
    never = Person.objects.create(name="Aldrig Medlem")
    client = client_for("anonymous")
    assert client.get(reverse("api:person", args=[never.pk])).status_code == 404
    assert ROOT + f"persons/{never.pk}/" not in _ids(client, "persons")


def test_a_removed_membership_is_a_deleted_membership(someone_left, client_for):
    pk = someone_left["membership_pk"]
    url = ROOT + f"memberships/{pk}/"
    history = Membership.history.filter(id=pk).order_by("history_date")
    data = client_for("anonymous").get(url).json()
    assert data == {"id": url, "type": OPARL + "Membership", "deleted": True,
                    "created": _moment(history.first().history_date),
                    "modified": _moment(history.last().history_date)}  # fmt: skip
    # One that never existed has no history: not found.
    never = reverse("api:membership", args=[2147483647])
    assert client_for("anonymous").get(never).status_code == 404


def test_the_crawl_with_someone_who_left_is_valid(someone_left, client_for):
    objects, problems = crawl(client_for("anonymous"))
    assert problems == []
    deleted = sorted(o["id"] for o in objects.values() if o.get("deleted"))
    assert deleted == [ROOT + f"persons/{someone_left['person'].pk}/"]


def test_a_person_whose_row_was_deleted_is_a_deleted_person(followed, client_for):
    """The secretariat deleted a member outright (their memberships went with the row): the
    person's URL still answers, as a deleted Person, from the memberships' history."""
    person = Person.objects.create(name="Slettet Medlem")
    body = followed["meeting"].body
    Membership.objects.create(person=person, body=body, start=datetime.date(2025, 1, 1))
    pk, url = person.pk, ROOT + f"persons/{person.pk}/"
    person.delete()
    history = Membership.history.filter(person_id=pk).order_by("history_date")
    assert [row.history_type for row in history] == ["+", "-"]
    for role in ("anonymous", "council_member"):
        data = client_for(role).get(url).json()
        assert data == {"id": url, "type": OPARL + "Person", "deleted": True,
                        "created": _moment(history.first().history_date),
                        "modified": _moment(history.last().history_date)}  # fmt: skip
        # The list holds it too, so a client that only asks what changed learns that it went.
        listed = [row for row in _page(client_for(role), "persons")["data"] if row["id"] == url]
        assert listed == [data]
        client = client_for(role)
        assert url in _ids(client, "persons", modified_since=data["modified"])
        assert url not in _ids(client, "persons", modified_since=_later(data["modified"]))
        assert url in _ids(client, "persons", created_until=data["created"])
        assert url not in _ids(client, "persons", created_until=_earlier(data["created"]))
    assert client_for("anonymous").get(ROOT + f"persons/{pk + 1000}/").status_code == 404
