from django.urls import reverse

ROLES = ("secretariat", "council_member", "municipality", "anonymous")
EVERYONE = dict.fromkeys(ROLES, 200)

CASES = {
    "api:system": [(lambda p: reverse("api:system"), EVERYONE)],
    "api:openapi": [(lambda p: reverse("api:openapi"), EVERYONE)],
    "api:organizations": [(lambda p: reverse("api:organizations"), EVERYONE)],
    "api:meetings": [(lambda p: reverse("api:meetings"), EVERYONE)],
    "api:meeting": [
        (lambda p: reverse("api:meeting", args=[p["meeting"].pk]), EVERYONE),
        # Drafts: not found for readers; for the secretariat too, as the API serves published
        # versions only.
        (lambda p: reverse("api:meeting", args=[p["draft"].pk]), dict.fromkeys(ROLES, 404)),
    ],
    "api:persons": [(lambda p: reverse("api:persons"), EVERYONE)],
    "api:contracts": [(lambda p: reverse("api:contracts"), EVERYONE)],
    "api:budgets": [(lambda p: reverse("api:budgets"), EVERYONE)],
}
