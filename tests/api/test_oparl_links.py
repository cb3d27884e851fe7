"""What the OParl objects say of their times and of each other: persons and organizations carry
`created` and `modified` (and the lists filter on them), a referred item links the councils'
Consultations only where the item is readable, and an annex that retention took off the public
site is a deleted File for the public while members keep the File."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import visibility
from meetings.models import Body, Membership, Municipality, Person
from municipalities.models import CouncilReferral, CouncilTreatment
from tests.api.test_oparl_schema import OPARL, ROOT, crawl

ROLES = ("anonymous", "municipality", "council_member", "secretariat")


def _moment(value) -> str:
    return timezone.localtime(value).isoformat()


def _ids(client, name, **query) -> set[str]:
    answer = client.get(reverse(f"api:{name}"), {"page_size": 100, **query})
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["data"]}


def test_persons_and_organizations_carry_created_and_modified(followed, client_for):
    objects, problems = crawl(client_for("anonymous"))
    assert problems == []
    rows = {ROOT + f"persons/{p.pk}/": p for p in Person.objects.filter(memberships__isnull=False)}
    rows |= {ROOT + f"organizations/{b.slug}/": b for b in Body.objects.all()}
    rows |= {ROOT + f"organizations/kommune-{m.code}/": m for m in Municipality.objects.all()}
    assert len(rows) == 2 + 1 + 11
    for url, row in rows.items():
        assert objects[url]["created"] == _moment(row.created), url
        assert objects[url]["modified"] == _moment(_last_change(row)), url


def _last_change(row):
    """A row's own last change or, for a person or body, its memberships' if later (they are
    listed in the object: a membership added, changed or removed changes it)."""
    owner = {Person: "person_id", Body: "body_id"}.get(type(row))
    if owner is None:
        return row.updated
    changes = Membership.history.filter(**{owner: row.pk}).values_list("history_date", flat=True)
    return max([row.updated, *changes])


def test_a_membership_change_modifies_its_person_and_body(followed, client_for):
    client = client_for("anonymous")
    person, body = Person.objects.get(name="Mads Duedahl"), followed["meeting"].body
    person_url, body_url = ROOT + f"persons/{person.pk}/", ROOT + f"organizations/{body.slug}/"
    between = timezone.now()
    since = {"modified_since": between.isoformat()}
    assert _ids(client, "persons", **since) == set() == _ids(client, "organizations", **since)
    membership = person.memberships.get()
    membership.role = Membership.Role.VICE_CHAIR
    membership.save()
    assert _ids(client, "persons", **since) == {person_url}
    assert _ids(client, "organizations", **since) == {body_url}
    assert _last_change(person) > person.updated
    assert client.get(person_url).json()["modified"] == _moment(_last_change(person))
    later = {"modified_since": timezone.now().isoformat()}
    Membership.objects.get(person__name="Tidligere Medlem").delete()
    assert _ids(client, "organizations", **later) == {body_url}
    assert client.get(body_url).json()["modified"] == _moment(_last_change(body))


def test_person_and_organization_lists_filter_on_their_times(followed, client_for):
    client = client_for("anonymous")
    person = Person.objects.get(name="Mads Duedahl")
    body = followed["meeting"].body
    everyone, all_organizations = _ids(client, "persons"), _ids(client, "organizations")
    assert len(everyone) == 2 and len(all_organizations) == 12
    between = timezone.now()
    person.email = "mads@aalborg.dk"
    person.save()
    body.name = "KKR Nordjylland (nyt navn)"
    body.save()
    since = {"modified_since": between.isoformat()}
    assert _ids(client, "persons", **since) == {ROOT + f"persons/{person.pk}/"}
    assert _ids(client, "organizations", **since) == {ROOT + f"organizations/{body.slug}/"}
    until = {"created_until": (between - datetime.timedelta(days=1)).isoformat()}
    assert _ids(client, "persons", **until) == set() == _ids(client, "organizations", **until)
    assert _ids(client, "persons", created_since=between.isoformat()) == set()
    assert _ids(client, "organizations", modified_until=between.isoformat()) == (
        all_organizations - {ROOT + f"organizations/{body.slug}/"}
    )
    assert client.get(reverse("api:organizations"), {"created_since": "i går"}).status_code == 400
    assert client.get(reverse("api:persons"), {"modified_until": "x"}).status_code == 400


def _items(client, meeting) -> dict[str, dict]:
    data = client.get(reverse("api:meeting", args=[meeting.pk])).json()
    return {item["id"]: item for item in data.get("agendaItem", [])}


def _item_url(meeting, item) -> str:
    return ROOT + f"meetings/{meeting.pk}/items/{item.pk}/"


def _refer(item):
    """A referral made directly, as for an item whose decision was sent before the portal."""
    referral = CouncilReferral.objects.create(item=item, deadline=datetime.date(2030, 1, 1))
    for municipality in Municipality.objects.all():
        CouncilTreatment.objects.create(
            referral=referral, municipality=municipality, sent_on=datetime.date.today()
        )


@pytest.mark.parametrize("role", ROLES)
def test_a_referred_item_links_its_consultations_which_link_back(role, followed, client_for):
    client, meeting = client_for(role), followed["meeting"]
    assert (
        "consultations" not in _items(client, meeting)[_item_url(meeting, followed["closed_item"])]
    )
    _refer(followed["closed_item"])
    items = _items(client, meeting)
    for item in (followed["open_item"], followed["closed_item"]):
        url = _item_url(meeting, item)
        link = items[url]["consultations"]
        assert client.get(url).json()["consultations"] == link
        # OParl's `consultation` is the one treatment under the item itself: not a council's.
        assert "consultation" not in items[url]
        rows = client.get(link).json()["data"]
        assert len(rows) == 11 and {row["agendaItem"] for row in rows} == {url}
        assert {row["organization"][0] for row in rows} == {
            ROOT + f"organizations/kommune-{m.code}/" for m in Municipality.objects.all()
        }
        assert client.get(rows[0]["id"]).json() == rows[0]
    # A closed item's consultations say nothing the role may not read of the item.
    closed = client.get(items[_item_url(meeting, followed["closed_item"])]["consultations"])
    assert ("LUKKETTEKST" in closed.content.decode()) is False


@pytest.mark.parametrize("role", ["anonymous", "council_member"])
def test_consultations_leave_with_their_item(role, followed, client_for, settings):
    """A package that has left the public site takes its items' consultations along."""
    client, meeting = client_for(role), followed["meeting"]
    link = _items(client, meeting)[_item_url(meeting, followed["open_item"])]["consultations"]
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 1, "bilag": 1, "referat": 1}
    meeting.start = timezone.now() - datetime.timedelta(days=30)
    meeting.save(update_fields=["start"])
    public = role == "anonymous"
    assert client.get(reverse("api:meeting", args=[meeting.pk])).json().get("deleted", False) is (
        public
    )
    rows = client.get(link).json()["data"]
    assert len(rows) == (0 if public else 11)
    assert len(client.get(reverse("api:consultations")).json()["data"]) == (0 if public else 11)


def test_a_draft_items_consultations_are_nowhere(followed, client_for):
    draft_item = followed["draft"].sections.first().items.first()
    _refer(draft_item)
    for role in ROLES[:3]:
        client = client_for(role)
        answer = client.get(reverse("api:consultations"), {"agenda_item": draft_item.pk})
        assert answer.json()["data"] == [], role


@pytest.fixture
def annexes_retired(followed, settings):
    """Annexes leave the public site after a day; the minutes keep the meeting public."""
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 1, "bilag": 1, "referat": 0}
    meeting = followed["meeting"]
    meeting.start = timezone.now() - datetime.timedelta(days=30)
    meeting.save(update_fields=["start"])
    assert visibility.retired_from_public(visibility.DocumentClass.ANNEXES).filter(pk=meeting.pk)
    assert not visibility.retired_from_public().filter(pk=meeting.pk).exists()
    return followed


@pytest.mark.parametrize("role", ROLES)
def test_a_retired_annex_is_a_deleted_file_for_the_public(role, annexes_retired, client_for):
    client, meeting = client_for(role), annexes_retired["meeting"]
    public = role in ("anonymous", "municipality")
    annex_url = ROOT + f"meetings/{meeting.pk}/files/{annexes_retired['open_annex'].uid}/"
    answer = client.get(annex_url)
    assert answer.status_code == 200
    data = answer.json()
    assert data["type"] == OPARL + "File" and data["id"] == annex_url
    if public:
        left = meeting.start + datetime.timedelta(days=1)
        published = meeting.versions.order_by("-number").first().published_at
        assert data == {"id": annex_url, "type": OPARL + "File", "deleted": True,
                        "created": _moment(published),
                        "modified": _moment(max(published, left))}  # fmt: skip
    else:
        assert "deleted" not in data and data["accessUrl"] and data["size"] > 0
    item = _items(client, meeting)[_item_url(meeting, annexes_retired["open_item"])]
    assert data in item["auxiliaryFile"]
    # The closed annex stays unknown to the public: not even deleted.
    closed_url = ROOT + f"meetings/{meeting.pk}/files/{annexes_retired['closed_annex'].uid}/"
    assert client.get(closed_url).status_code == (404 if public else 200)
    assert (closed_url in str(item["auxiliaryFile"])) is not public


def test_the_crawl_with_retired_annexes_is_valid(annexes_retired, client_for):
    objects, problems = crawl(client_for("anonymous"))
    assert problems == []
    deleted = [o["id"] for o in objects.values() if o.get("deleted")]
    assert deleted == [
        ROOT
        + f"meetings/{annexes_retired['meeting'].pk}/files/{annexes_retired['open_annex'].uid}/"
    ]
