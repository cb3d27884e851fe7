from django.urls import reverse

from tests.access import EVERYONE
from tests.municipalities.helpers import municipalities_make, referral_make


def _referral(p):
    if "referral" not in p:
        municipalities_make()
        p["referral"] = referral_make()
    return p["referral"]


def _treatment(p):
    return _referral(p).treatments.get(municipality__code=851)


CASES = {
    "municipalities:followup_index": [
        (lambda p: (_referral(p), reverse("municipalities:followup_index"))[1], EVERYONE)
    ],
    "municipalities:followup_detail": [
        (lambda p: reverse("municipalities:followup_detail", args=[_referral(p).pk]), EVERYONE)
    ],
    "municipalities:municipality_followup": [
        (
            lambda p: (_referral(p), reverse("municipalities:municipality_followup", args=[851]))[
                1
            ],
            EVERYONE,
        )
    ],
    "municipalities:municipality_calendar": [
        (
            lambda p: (_referral(p), reverse("municipalities:municipality_calendar", args=[851]))[
                1
            ],
            EVERYONE,
        )
    ],
    # Only the secretariat and the municipality's own users; the fixture's municipality login
    # belongs to no municipality (tests/municipalities/test_followup.py has the own-row case).
    "municipalities:treatment_edit": [
        (
            lambda p: reverse("municipalities:treatment_edit", args=[_treatment(p).pk]),
            {"secretariat": 200, "council_member": 403, "municipality": 403, "anonymous": "login"},
        )
    ],
}


def _pack(p):
    municipalities_make()
    return reverse("municipalities:pack_download", args=[851, p["meeting"].pk])


# The fixture's version has no rendered agenda, so the allowed roles are told to wait (202);
# tests/municipalities/test_packs.py fetches and unzips real packs.
CASES["municipalities:pack_download"] = [
    (
        _pack,
        {"secretariat": 202, "council_member": 202, "municipality": 403, "anonymous": "login"},
    )
]
