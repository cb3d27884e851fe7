from django.urls import reverse

ROLES = ("secretariat", "council_member", "municipality", "anonymous")
EVERYONE = dict.fromkeys(ROLES, 200)
NOBODY = dict.fromkeys(ROLES, 404)
MEMBERS_ONLY = {"secretariat": 200, "council_member": 200, "municipality": 404, "anonymous": 404}


def _meeting(name, extra):
    """A URL under the published meeting; extra(package) gives the arguments after its pk."""
    return lambda p: reverse(f"api:{name}", args=[p["meeting"].pk, *extra(p)])


CASES = {
    "api:system": [(lambda p: reverse("api:system"), EVERYONE)],
    "api:openapi": [(lambda p: reverse("api:openapi"), EVERYONE)],
    "api:bodies": [(lambda p: reverse("api:bodies"), EVERYONE)],
    "api:body": [
        (lambda p: reverse("api:body", args=["kkr-nordjylland"]), EVERYONE),
        (lambda p: reverse("api:body", args=["findes-ikke"]), NOBODY),
    ],
    "api:organizations": [(lambda p: reverse("api:organizations"), EVERYONE)],
    "api:organization": [
        (lambda p: reverse("api:organization", args=[p["meeting"].body.slug]), EVERYONE),
        (lambda p: reverse("api:organization", args=["kommune-0"]), NOBODY),
    ],
    "api:meetings": [(lambda p: reverse("api:meetings"), EVERYONE)],
    "api:meeting": [
        (lambda p: reverse("api:meeting", args=[p["meeting"].pk]), EVERYONE),
        # Drafts: not found for readers; for the secretariat too, as the API serves published
        # versions only.
        (lambda p: reverse("api:meeting", args=[p["draft"].pk]), NOBODY),
    ],
    "api:location": [(_meeting("location", lambda p: []), EVERYONE)],
    "api:agenda_item": [
        (_meeting("agenda_item", lambda p: [p["open_item"].pk]), EVERYONE),
        # A closed item's number and title are public.
        (_meeting("agenda_item", lambda p: [p["closed_item"].pk]), EVERYONE),
        (lambda p: reverse("api:agenda_item", args=[p["draft"].pk, 1]), NOBODY),
    ],
    "api:file": [
        (_meeting("file", lambda p: [p["open_annex"].uid]), EVERYONE),
        (_meeting("file", lambda p: [p["closed_annex"].uid]), MEMBERS_ONLY),
        (_meeting("file", lambda p: [p["closed_item_annex"].uid]), MEMBERS_ONLY),
        (_meeting("file", lambda p: ["bilag-offentlig"]), EVERYONE),
        (_meeting("file", lambda p: ["bilag-medlemmer"]), MEMBERS_ONLY),
        (lambda p: reverse("api:file", args=[p["draft"].pk, p["draft_annex"].uid]), NOBODY),
    ],
    "api:persons": [(lambda p: reverse("api:persons"), EVERYONE)],
    "api:person": [(lambda p: reverse("api:person", args=[2147483647]), NOBODY)],
    "api:membership": [(lambda p: reverse("api:membership", args=[2147483647]), NOBODY)],
    "api:consultations": [(lambda p: reverse("api:consultations"), EVERYONE)],
    "api:consultation": [(lambda p: reverse("api:consultation", args=[2147483647]), NOBODY)],
    "api:papers": [(lambda p: reverse("api:papers"), EVERYONE)],
    "api:contracts": [(lambda p: reverse("api:contracts"), EVERYONE)],
    "api:budgets": [(lambda p: reverse("api:budgets"), EVERYONE)],
}
