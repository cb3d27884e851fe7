"""The answers each role should get, in the words the permission cases are written in.

A case's expectation is a status code per role, or "login" for a redirect to the login page."""

from django.urls import reverse

from tests.leakscan import ROLES

EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"secretariat": 200, "council_member": 200, "municipality": 200, "anonymous": "login"}
ONLY_MEMBERS = {
    "secretariat": 200,
    "council_member": 200,
    "municipality": 403,
    "anonymous": "login",
}
ONLY_SECRETARIAT = {
    "secretariat": 200,
    "council_member": 404,
    "municipality": 404,
    "anonymous": 404,
}


def assert_admin_answer(response, role, url):
    """The admin opens for the secretariat and sends everyone else to its login page."""
    if role == "secretariat":
        assert response.status_code == 200, url
    else:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
