"""The read-only API: OParl-shaped objects, the portal's visibility, a valid OpenAPI schema that
schemathesis exercises against the live server."""

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

ROLES = ("secretariat", "council_member", "municipality", "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_meeting_detail_follows_visibility(role, package, client_for):
    data = client_for(role).get(reverse("api:meeting", args=[package["meeting"].pk])).json()
    members = role in ("secretariat", "council_member")
    items = {item["name"]: item for item in data["agendaItem"]}
    assert items["Vækst Via Viden"]["public"] is True
    assert "ÅBENTEKST" in items["Vækst Via Viden"]["text"]["presentation"]
    assert "decision" not in items["Vækst Via Viden"]["text"]  # not before the minutes
    closed = items["Udpegninger"]
    assert closed["public"] is False
    assert ("LUKKETTEKST" in str(closed["text"])) is members
    names = [f["name"] for item in data["agendaItem"] for f in item["auxiliaryFile"]]
    assert ("Bilag 2: Fortroligt notat" in names) is members
    urls = [f["accessUrl"] for item in data["agendaItem"] for f in item["auxiliaryFile"]]
    assert (None in urls) is not members
    bundles = sorted(f["name"] for f in data["file"])
    assert bundles == (
        ["Bilagssamling (medlemmer)", "Bilagssamling (offentlig)"]
        if members
        else ["Bilagssamling (offentlig)"]
    )


@pytest.mark.parametrize("role", ROLES)
def test_meeting_list_has_no_drafts_and_filters(role, package, client_for):
    client = client_for(role)
    data = client.get(reverse("api:meetings")).json()
    assert [m["name"] for m in data["data"]] == ["Møde i KKR Nordjylland"]
    assert data["pagination"]["totalElements"] == 1
    year = package["meeting"].start.year
    assert (
        client.get(reverse("api:meetings"), {"year": year}).json()["pagination"]["totalElements"]
        == 1
    )
    unknown = client.get(reverse("api:meetings"), {"body": "findes-ikke"}).json()
    assert unknown["pagination"]["totalElements"] == 0
    assert client.get(reverse("api:meetings"), {"year": "x"}).status_code == 400


def test_pagination(package, client_for):
    data = client_for("anonymous").get(reverse("api:organizations"), {"page_size": 1}).json()
    assert data["pagination"]["elementsPerPage"] == 1
    assert (
        client_for("anonymous").get(reverse("api:organizations"), {"page": "x"}).status_code == 400
    )


def test_openapi_schema_is_valid(client):
    from openapi_spec_validator import validate

    validate(client.get(reverse("api:openapi")).json())


@pytest.mark.django_db(transaction=True)
def test_schemathesis_against_the_live_server(live_server):
    from meetings.demo import load_demo

    load_demo()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.update(base_url=live_server.url)
    failures, calls, operations = [], [], 0
    for operation in schema.get_all_operations():
        operations += 1
        operation = operation.ok()
        strategy = operation.as_strategy()

        @settings(
            max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=strategy)
        def check(case):
            calls.append(case.call_and_validate().status_code)

        try:
            check()
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n".join(failures)
    assert operations == 7 and len(calls) >= 3 * operations
    assert 200 in calls and 500 not in calls
