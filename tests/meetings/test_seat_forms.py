"""Membership and Appointment share their seat (municipality, party, start, end) through one
base model; the secretariat's forms still ask for the fields in the order of the domain."""

import re

import pytest
from django.urls import reverse


def _fields(html: str, prefix: str = "") -> list[str]:
    names = re.findall(rf'name="{re.escape(prefix)}([a-z_]+)"', html)
    return list(dict.fromkeys(n for n in names if not n.startswith(("csrf", "_"))))


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("membership", ["person", "body", "role", "municipality", "party", "substitute",
                        "start", "end"]),
        ("appointment", ["organisation", "seat", "person", "municipality", "party",
                         "substitute", "start", "end", "decided_by"]),
    ],
)  # fmt: skip
def test_the_add_forms_keep_the_domain_order(model, expected, client_for):
    page = client_for("secretariat").get(reverse(f"admin:meetings_{model}_add"))
    assert page.status_code == 200
    fields = _fields(page.content.decode())
    assert [name for name in fields if name in expected] == expected


def test_a_persons_membership_rows_keep_the_domain_order(client_for):
    page = client_for("secretariat").get(reverse("admin:meetings_person_add"))
    expected = ["body", "role", "municipality", "party", "substitute", "start", "end"]
    fields = _fields(page.content.decode(), prefix="memberships-__prefix__-")
    assert [name for name in fields if name in expected] == expected
