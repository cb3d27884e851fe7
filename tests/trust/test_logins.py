"""Logins and roles: the secretariat manages readers' logins and nothing above them (issue 14,
finding 1). Every change to a login is in the admin history with who and when."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from meetings.models import Municipality, Person
from meetings.rules import COUNCIL_MEMBER, MUNICIPALITY, SECRETARIAT
from tests.factories import user_with_role
from tests.forms import form_data

FORBIDDEN_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@pytest.fixture
def accounts(db):
    operator = User.objects.create_superuser("drift", password="pw-drift")
    secretary = user_with_role("sekretaer", SECRETARIAT)
    colleague = user_with_role("kollega", SECRETARIAT)
    member = user_with_role("medlem", COUNCIL_MEMBER)
    client = Client()
    client.force_login(secretary)
    return {
        "operator": operator,
        "secretary": secretary,
        "colleague": colleague,
        "member": member,
        "client": client,
    }


def _user_urls(user):
    return [
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:auth_user_password_change", args=[user.pk]),
        reverse("admin:auth_user_delete", args=[user.pk]),
        reverse("admin:auth_user_history", args=[user.pk]),
    ]


def test_secretariat_cannot_reach_secretariat_or_superuser_accounts(accounts):
    client = accounts["client"]
    for target in ("operator", "colleague", "secretary"):
        user = accounts[target]
        password = user.password
        for url in _user_urls(user):
            response = client.get(url, follow=True)
            html = response.content.decode()
            assert "is_superuser" not in html and 'name="password1"' not in html, (target, url)
            assert response.status_code in (403, 404) or "findes ikke" in html, (target, url)
            posted = client.post(url, {"password1": "Ny-kode-2024!", "password2": "Ny-kode-2024!",
                                       "is_superuser": "on", "username": user.username})  # fmt: skip
            assert posted.status_code in (302, 403, 404), (target, url)
        user.refresh_from_db()
        assert user.password == password
        assert User.objects.filter(pk=user.pk).exists()
    changelist = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "medlem" in changelist
    assert "drift" not in changelist and "kollega" not in changelist


def test_secretariat_forms_have_no_role_or_permission_fields(accounts):
    client = accounts["client"]
    for url in (
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[accounts["member"].pk]),
    ):
        html = client.get(url).content.decode()
        assert 'name="role"' in html
        for field in FORBIDDEN_FIELDS:
            assert f'name="{field}"' not in html, (url, field)
        role_options = form_data(html, "user_form")
        assert "role" in role_options
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_add")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_group_changelist") not in index


def test_posting_role_fields_anyway_does_not_raise_a_reader(accounts):
    client = accounts["client"]
    member = accounts["member"]
    url = reverse("admin:auth_user_change", args=[member.pk])
    data = form_data(client.get(url).content.decode(), "user_form")
    person = Person.objects.create(name="Mogens Gade")
    data.update(
        {
            "person": str(person.pk),
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [str(Group.objects.get(name=SECRETARIAT).pk)],
            "user_permissions": [str(Permission.objects.get(codename="change_user").pk)],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    member.refresh_from_db()
    assert (member.is_superuser, member.is_staff) == (False, False)
    assert list(member.groups.values_list("name", flat=True)) == [COUNCIL_MEMBER]
    assert not member.user_permissions.exists()
    assert Person.objects.get(user=member) == person


def test_secretariat_creates_a_municipality_login_and_history_says_who(accounts):
    client = accounts["client"]
    aalborg = Municipality.objects.create(name="Aalborg", code=851)
    data = form_data(client.get(reverse("admin:auth_user_add")).content.decode(), "user_form")
    data.update(
        {
            "username": "aalborg-jura",
            "first_name": "Jens\r\nJensen",
            "last_name": "Hansen",
            "role": MUNICIPALITY,
            "municipality": str(aalborg.pk),
            "usable_password": "true",
            "password1": "Langt-kodeord-2024",
            "password2": "Langt-kodeord-2024",
            "is_superuser": "on",
            "is_staff": "on",
        }
    )
    response = client.post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="aalborg-jura")
    assert user.first_name == "Jens Jensen"
    assert (user.is_superuser, user.is_staff) == (False, False)
    assert list(user.groups.values_list("name", flat=True)) == [MUNICIPALITY]
    assert Person.objects.get(user=user).municipality == aalborg

    # A role change is recorded with who and when, and what changed.
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = form_data(client.get(url).content.decode(), "user_form")
    data["role"] = COUNCIL_MEMBER
    data["person"] = str(Person.objects.create(name="Mogens Gade").pk)
    assert client.post(url, data).status_code == 302
    entries = LogEntry.objects.filter(object_id=str(user.pk)).order_by("action_time")
    assert [e.user.username for e in entries] == ["sekretaer", "sekretaer"]
    assert "rolle: kommune → rådsmedlem" in entries.last().get_change_message()
    history = client.get(reverse("admin:auth_user_history", args=[user.pk])).content.decode()
    assert "rolle: kommune → rådsmedlem" in history


def test_secretariat_resets_a_readers_password_and_lifts_a_lockout(accounts):
    client = accounts["client"]
    member = accounts["member"]
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    data = form_data(client.get(url).content.decode(), "user_form")
    data.update({"password1": "Nyt-kodeord-2024", "password2": "Nyt-kodeord-2024"})
    data.setdefault("set-password", "")
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.check_password("Nyt-kodeord-2024")

    AccessAttempt.objects.create(
        username="medlem", ip_address="10.0.0.7", user_agent="x", failures_since_start=5
    )
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "lift_lockout", "_selected_action": [str(member.pk)]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="medlem").exists()
    last = LogEntry.objects.filter(object_id=str(member.pk)).latest("action_time")
    assert last.user == accounts["secretary"] and "Spærring ophævet" in last.get_change_message()


def test_only_an_operator_sees_and_sets_the_superuser_flag(accounts):
    operator = Client()
    operator.force_login(accounts["operator"])
    url = reverse("admin:auth_user_change", args=[accounts["colleague"].pk])
    html = operator.get(url).content.decode()
    for field in FORBIDDEN_FIELDS:
        assert f'name="{field}"' in html
    password_url = reverse("admin:auth_user_password_change", args=[accounts["colleague"].pk])
    assert 'name="password1"' in operator.get(password_url).content.decode()
