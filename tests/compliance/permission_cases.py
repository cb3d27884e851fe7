from django.urls import reverse

ROLES = ("secretariat", "council_member", "municipality", "anonymous")
ONLY_SECRETARIAT = {
    "secretariat": 200,
    "council_member": 404,
    "municipality": 404,
    "anonymous": 404,
}

CASES = {
    # The secretariat's search reaches closed and draft text by design; nobody else reaches it.
    "compliance:person_search": [
        (lambda p: reverse("compliance:person_search") + "?q=tekst", ONLY_SECRETARIAT),
    ]
}
