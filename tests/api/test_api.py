"""The read-only API: OParl objects, the portal's visibility, a valid OpenAPI schema that
schemathesis exercises against the live server."""

import pytest
import schemathesis
from django.urls import reverse
from django.utils import timezone
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
    files = {f["name"]: f for item in data["agendaItem"] for f in item["auxiliaryFile"]}
    # A closed annex is not listed for the public at all: OParl has no File without a link.
    assert ("Bilag 2: Fortroligt notat" in files) is members
    assert all(f["accessUrl"] and f["size"] > 0 for f in files.values())
    bundles = sorted(f["name"] for f in data["auxiliaryFile"])
    assert bundles == (
        ["Bilagssamling (medlemmer)", "Bilagssamling (offentlig)"]
        if members
        else ["Bilagssamling (offentlig)"]
    )
    # Each annex names the bundles that hold its pages; the public one only holds open ones.
    public_bundle = next(f["id"] for f in data["auxiliaryFile"] if "offentlig" in f["name"])
    assert public_bundle in files["Bilag 1: Åbent bilag"]["derivativeFile"]
    if members:
        assert public_bundle not in files["Bilag 2: Fortroligt notat"]["derivativeFile"]
        assert len(files["Bilag 2: Fortroligt notat"]["derivativeFile"]) == 1
    # A signed annex (the fixture's open and closed annex) leads to its signed original, as it
    # stood in this version; an annex without signatures has none.
    signed = files["Bilag 1: Åbent bilag"]["signedOriginalUrl"]
    uid = package["open_annex"].uid
    assert signed.endswith(f"/moeder/{package['meeting'].pk}/version/1/bilag/{uid}/underskrevet/")
    assert "signedOriginalUrl" not in files.get("Bilag 1: Indstillinger", {})
    assert ("signedOriginalUrl" in files.get("Bilag 2: Fortroligt notat", {})) is members
    # Who signed: the open annex's signer to all, the closed one's to members only.
    today = timezone.localdate().isoformat()
    assert files["Bilag 1: Åbent bilag"]["signer"] == [
        {"name": "Lone Underskriver", "organization": "KKR Nordjylland", "date": today,
         "intact": True}
    ]  # fmt: skip
    assert "signer" not in files.get("Bilag 1: Indstillinger", {})
    if members:
        closed = files["Bilag 2: Fortroligt notat"]["signer"]
        assert [signer["name"] for signer in closed] == ["Søren Lukketunderskriver"]


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
    assert client.get(reverse("api:meetings"), {"year": "99999999999999"}).status_code == 400
    assert client.get(reverse("api:meetings"), {"body": "a\x00"}).status_code == 400


def test_pagination(package, client_for):
    data = client_for("anonymous").get(reverse("api:organizations"), {"page_size": 1}).json()
    assert data["pagination"]["elementsPerPage"] == 1
    assert (
        client_for("anonymous").get(reverse("api:organizations"), {"page": "x"}).status_code == 400
    )


def test_next_page_keeps_the_filters(package, client_for):
    from meetings.models import Body

    Body.objects.create(slug="kkr-2", name="KKR 2")
    data = (
        client_for("anonymous").get(reverse("api:organizations"), {"page_size": 1, "q": "x"}).json()
    )
    assert data["links"]["next"].endswith(f"{reverse('api:organizations')}?page_size=1&q=x&page=2")
    page_two = client_for("anonymous").get(data["links"]["next"]).json()
    assert page_two["pagination"]["currentPage"] == 2
    assert page_two["links"]["prev"].endswith("page=1")


@pytest.mark.parametrize("role", ROLES)
def test_contracts_and_budgets_follow_their_apps_visibility(role, db, client_for):
    from agreements.demo import load_app_demo as contracts
    from agreements.selectors import contracts_for
    from budgets.demo import load_app_demo as budgets
    from budgets.selectors import tables_for
    from meetings.demo import municipalities_ensure

    municipalities_ensure()
    contracts()
    budgets()
    client = client_for(role)
    user = None if role == "anonymous" else client.get("/").wsgi_request.user
    years = [c["year"] for c in client.get(reverse("api:contracts")).json()["data"]]
    assert years == [c.year for c in contracts_for(user)]
    if role != "secretariat":
        assert 2024 not in years  # the 2024 contract is a draft
    tables = client.get(reverse("api:budgets"), {"page_size": 100}).json()
    assert tables["pagination"]["totalElements"] == tables_for(user).count()
    year = years[-1]
    filtered = client.get(reverse("api:contracts"), {"year": year}).json()["data"]
    assert {c["year"] for c in filtered} == {year}


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

        # Derandomised: the same examples on every run, so a failure is never a fluke of chance.
        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        @given(case=strategy)
        def check(case):
            calls.append(case.call_and_validate().status_code)

        try:
            check()
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n".join(failures)
    assert operations == 18 and len(calls) >= 3 * operations
    assert 200 in calls and 500 not in calls


@pytest.mark.parametrize("role", ROLES)
def test_no_response_holds_what_the_role_may_not_read(role, package, client_for):
    """The leak scan of test_permissions.py, on decoded JSON (where "Ø" arrives as \\u00d8)."""
    import json

    from tests.test_permissions import CLOSED_MARKERS, DRAFT_MARKERS, UNPUBLISHED_MARKERS

    client = client_for(role)
    forbidden = [*UNPUBLISHED_MARKERS, *DRAFT_MARKERS]
    if role not in ("secretariat", "council_member"):
        forbidden += CLOSED_MARKERS
    names = ["system", "bodies", "organizations", "meetings", "persons", "consultations",
             "contracts", "budgets"]  # fmt: skip
    urls = [reverse(f"api:{name}") for name in names]
    urls += [reverse("api:meeting", args=[package["meeting"].pk])]
    for url in urls:
        text = json.dumps(client.get(url).json(), ensure_ascii=False)
        assert not [marker for marker in forbidden if marker in text], (role, url)
