from django.urls import reverse

from tests.access import EVERYONE, ONLY_SECRETARIAT

MEMBERS_ELSE_404 = {
    "secretariat": 200,
    "council_member": 200,
    "municipality": 404,
    "anonymous": 404,
}


def _request(p, key):
    return reverse("compliance:accessible_copy_request", args=[p["meeting"].pk, p[key].uid])


CASES = {
    # The secretariat's search reaches closed and draft text by design; nobody else reaches it.
    "compliance:person_search": [
        (lambda p: reverse("compliance:person_search") + "?q=tekst", ONLY_SECRETARIAT),
    ],
    "compliance:personal_data_dismiss": [
        (
            lambda p: reverse("compliance:personal_data_dismiss", args=[p["meeting"].pk]),
            {"secretariat": 302, "council_member": 404, "municipality": 404, "anonymous": 404},
        ),
    ],
    "compliance:accessibility_statement": [
        (lambda p: reverse("compliance:accessibility_statement"), EVERYONE),
    ],
    "compliance:accessible_copy_request": [
        (lambda p: _request(p, "open_annex"), EVERYONE),
        (lambda p: _request(p, "closed_annex"), MEMBERS_ELSE_404),
        (lambda p: _request(p, "closed_item_annex"), MEMBERS_ELSE_404),
    ],
}
