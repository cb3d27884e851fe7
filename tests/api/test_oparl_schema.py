"""The API against the official OParl 1.1 schemas (tests/api/oparl_schema/, see NOTICE.md there):
a crawler starts at the System object, follows every API URL in objects, lists and their links,
and validates every object it meets against the schema its `type` names. Embedded objects are
validated too: the schemas name them with `"schema": "File.json"`, read here as a reference into
a registry of the schema files."""

import datetime
import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.urls import reverse
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from meetings import selectors, visibility
from meetings.models import Membership, Person

SCHEMAS = Path(__file__).parent / "oparl_schema"
OPARL = "https://schema.oparl.org/1.1/"
ROOT = "http://testserver" + "/api/v1/"


def _registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT7))
        for path in sorted(SCHEMAS.glob("*.json"))
    ]
    return Registry().with_resources(resources)


# What a deleted object keeps (OParl 1.1, "Gelöschte Objekte"): every other attribute is removed,
# so the schema's required ones (a File's accessUrl) do not apply to it.
DELETED_KEEPS = {"id", "type", "created", "modified", "deleted"}


def _embedded(validator, name, instance, schema):
    """An object of the type the schema file `name` describes; deleted, it keeps the attributes
    OParl names, each valid as the schema describes it."""
    if not (isinstance(instance, dict) and instance.get("deleted") is True):
        yield from validator.descend(instance, {"$ref": name})
        return
    extra = sorted(set(instance) - DELETED_KEEPS)
    if extra:
        yield jsonschema.ValidationError(f"deleted, but keeps {extra}")
    for key in sorted(DELETED_KEEPS & set(instance)):
        yield from validator.descend(instance[key], {"$ref": f"{name}#/properties/{key}"}, key)


OParlValidator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"schema": _embedded})
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("url")
def _is_url(value) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _validator(kind: str):
    return OParlValidator({"schema": f"{kind}.json"}, registry=_registry(), format_checker=FORMATS)


def _oparl_objects(value):
    """Every object with an OParl type in an answer, embedded ones included."""
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith(OPARL):
            yield value
        for child in value.values():
            yield from _oparl_objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from _oparl_objects(child)


def _api_urls(value):
    if isinstance(value, str):
        if value.startswith(ROOT) and not value.startswith(ROOT + "openapi"):
            yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _api_urls(child)
    elif isinstance(value, list):
        for child in value:
            yield from _api_urls(child)


def _invalid(entry, validators) -> list[str]:
    kind = entry["type"].removeprefix(OPARL)
    validator = validators.setdefault(kind, _validator(kind))
    return [
        f"{entry['id']} ({kind}): {error.json_path}: {error.message}"
        for error in validator.iter_errors(entry)
    ]


def crawl(client) -> tuple[dict[str, dict], list[str]]:
    """(objects by id, problems): every object reachable from the System object."""
    objects, problems, seen, queue = {}, [], set(), [ROOT]
    validators = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        answer = response.json()
        if "data" in answer:  # an object list
            for key in ("data", "pagination", "links"):
                if key not in answer:
                    problems.append(f"{url}: list without {key}")
            entries = answer["data"]
        else:
            entries = [answer]
        for entry in entries:
            if not entry.get("id") or not str(entry.get("type", "")).startswith(OPARL):
                problems.append(f"{url}: object without id or OParl type: {entry}")
                continue
            problems += _invalid(entry, validators)
            for found in _oparl_objects(entry):
                if "id" not in found:
                    problems.append(f"{url}: embedded {found['type']} without id")
                objects.setdefault(found.get("id"), found)
        queue.extend(u for u in _api_urls(answer) if u not in seen)
    return objects, problems


def _expected(client, meeting):
    """The ids the crawl must reach: every item and readable file of the meeting, as this
    login reads the package, and every person with a membership."""
    user = client.get("/").wsgi_request.user
    reader = selectors.reader_package(meeting_id=meeting.pk, user=user)
    meeting_url = ROOT + f"meetings/{meeting.pk}/"
    ids = {meeting_url}
    for item in reader.typed.items():
        ids.add(meeting_url + f"items/{item.id}/")
        ids |= {meeting_url + f"files/{a.uid}/" for a in item.annexes if a.visible}
    ids |= {meeting_url + f"files/{d.slug}/" for d in selectors.documents_for(reader, user=user)}
    people = Person.objects.filter(memberships__isnull=False).distinct()
    ids |= {ROOT + f"persons/{p.pk}/" for p in people}
    ids |= {ROOT + f"memberships/{m.pk}/" for m in Membership.objects.all()}
    return ids


@pytest.mark.parametrize("role", ["anonymous", "municipality", "council_member", "secretariat"])
def test_every_object_is_valid_oparl_and_the_crawl_reaches_everything(role, followed, client_for):
    client = client_for(role)
    objects, problems = _crawl_checked(client)
    assert problems == []
    assert _expected(client, followed["meeting"]) - set(objects) == set()
    kinds = {o["type"].removeprefix(OPARL) for o in objects.values()}
    assert {"System", "Body", "Organization", "Meeting", "AgendaItem", "File", "Location",
            "Person", "Membership", "Consultation"} <= kinds  # fmt: skip
    consultations = [o for o in objects.values() if o["type"] == OPARL + "Consultation"]
    assert len(consultations) == 11
    files = [o for o in objects.values() if o["type"] == OPARL + "File"]
    assert all(len(f["sha512Checksum"]) == 128 and f["size"] > 0 for f in files)
    closed_annex = ROOT + f"meetings/{followed['meeting'].pk}/files/{followed['closed_annex'].uid}/"
    assert (closed_annex in objects) is (role in ("council_member", "secretariat"))


def _crawl_checked(client):
    objects, problems = crawl(client)
    assert len(objects) > 20, "the crawl found too little to mean anything"
    return objects, problems


def test_the_validator_catches_an_invalid_object():
    """The check can fail: the faults the portal once had are each reported."""
    meeting = {"id": ROOT + "meetings/1/", "type": OPARL + "Meeting", "location": "Aalborg",
               "organization": "kkr", "start": "22-09-2023"}  # fmt: skip
    messages = {e.message for e in _validator("Meeting").iter_errors(meeting)}
    assert messages == {"'22-09-2023' is not a 'date-time'", "'Aalborg' is not of type 'object'",
                        "'kkr' is not of type 'array'"}  # fmt: skip
    item = {"id": ROOT + "x/", "type": OPARL + "AgendaItem",
            "auxiliaryFile": [{"type": OPARL + "File", "size": None}]}  # fmt: skip
    assert len(list(_validator("AgendaItem").iter_errors(item))) >= 3  # no id, accessUrl; size
    membership = {"id": "kkr", "type": OPARL + "Membership", "endDate": None}
    assert len(list(_validator("Membership").iter_errors(membership))) == 2
    # A deleted object keeps id, type, created and modified only, each valid as the schema says.
    gone = {"id": ROOT + "meetings/1/files/a/", "type": OPARL + "File", "deleted": True,
            "created": "i går", "name": "Bilag 1"}  # fmt: skip
    assert _invalid(gone, {}) == [
        f"{gone['id']} (File): $: deleted, but keeps ['name']",
        f"{gone['id']} (File): $.created: 'i går' is not a 'date-time'",
    ]
    kept = {key: gone[key] for key in ("id", "type", "deleted")}
    assert _invalid({**kept, "modified": "2026-01-02T10:00:00+01:00"}, {}) == []


def test_lists_filter_on_modified_since(followed, client_for):
    client = client_for("anonymous")
    meeting_list = reverse("api:meetings")
    later = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).isoformat()
    earlier = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)).isoformat()
    assert client.get(meeting_list, {"modified_since": later}).json()["data"] == []
    assert len(client.get(meeting_list, {"modified_since": earlier}).json()["data"]) == 1
    assert len(client.get(meeting_list, {"created_until": later}).json()["data"]) == 1
    assert client.get(meeting_list, {"created_until": earlier}).json()["data"] == []
    rows = client.get(reverse("api:consultations"), {"modified_since": later}).json()["data"]
    assert rows == []
    assert client.get(meeting_list, {"modified_since": "i går"}).status_code == 400


def test_consultations_of_one_council(followed, client_for):
    rows = client_for("anonymous").get(reverse("api:consultations"),
                                       {"organization": "kommune-851"}).json()["data"]  # fmt: skip
    assert [r["organization"] for r in rows] == [[ROOT + "organizations/kommune-851/"]]
    assert rows[0]["status"] == "sent"
    assert rows[0]["agendaItem"].endswith(f"/items/{followed['open_item'].pk}/")


def test_a_package_that_left_the_public_site_is_deleted_for_the_public(
    followed, client_for, settings
):
    meeting = followed["meeting"]
    settings.PUBLIC_RETENTION_DAYS = {"dagsorden": 1, "bilag": 1, "referat": 1}
    meeting.start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30)
    meeting.save(update_fields=["start"])
    # Published before the meeting, as packages are (one published after its retention is
    # deleted at its publication: tests/compliance/test_retention.py).
    meeting.versions.update(published_at=meeting.start - datetime.timedelta(days=7))
    assert visibility.retired_from_public().filter(pk=meeting.pk).exists()
    objects, problems = crawl(client_for("anonymous"))
    assert problems == []
    gone = objects[ROOT + f"meetings/{meeting.pk}/"]
    assert gone["deleted"] is True
    # Created when first published; modified when it left: a day after its start (retention).
    first = visibility.readable_versions().filter(meeting=meeting).order_by("number").first()
    assert datetime.datetime.fromisoformat(gone["created"]) == first.published_at
    left = datetime.datetime.fromisoformat(gone["modified"])
    assert left == meeting.start + datetime.timedelta(days=1)
    member_objects, _ = crawl(client_for("council_member"))
    assert "deleted" not in member_objects[ROOT + f"meetings/{meeting.pk}/"]
