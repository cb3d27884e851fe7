"""Sessions: read from the shared cache and written through to the database when the portal has
one (Redis), so a member's page costs no session query; a logout ends the session at once."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

CACHED = "django.contrib.sessions.backends.cached_db"
SESSION_TABLE = '"django_session"'


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [("redis://127.0.0.1:6379/9", CACHED), ("", "django.contrib.sessions.backends.db")],
)
def test_sessions_use_the_cache_only_when_every_process_shares_it(redis_url, engine):
    env = {**os.environ, "REDIS_URL": redis_url}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "kkr_portal.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == engine


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = CACHED
    settings.FROZEN_PAGES = True


def _session_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if SESSION_TABLE in q["sql"]]


def test_a_members_page_reads_no_session_row(
    cached_sessions, package, users, django_assert_max_num_queries
):
    client = Client()
    client.force_login(users["council_member"])
    url = package["meeting"].get_absolute_url()
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10) as captured:
        page = client.get(url)
    assert page.status_code == 200 and "LUKKETTEKST" in page.content.decode()
    assert _session_queries(captured) == []


def test_a_logout_ends_the_cached_session_for_a_copied_cookie(cached_sessions, package, users):
    client = Client()
    client.force_login(users["council_member"])
    url = package["meeting"].get_absolute_url()
    assert "LUKKETTEKST" in client.get(url).content.decode()
    copied = Client()
    copied.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    assert "LUKKETTEKST" in copied.get(url).content.decode()
    client.post(reverse("logout"))
    assert "LUKKETTEKST" not in copied.get(url).content.decode()
