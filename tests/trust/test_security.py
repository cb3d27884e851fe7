"""Production settings, security headers, CSP and login throttling."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "HTTPS": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "ALLOWED_HOSTS": "kkr.example.dk",
}


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {**os.environ, **PRODUCTION_ENV, "KKR_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-only switch, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_security_headers_and_a_strict_csp(package, client_for):
    response = client_for("anonymous").get(package["meeting"].get_absolute_url())
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert script_src.split() == ["'self'"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("role", ["secretariat", "council_member", "municipality", "anonymous"])
def test_reader_pages_have_no_inline_scripts(role, package, client_for):
    client = client_for(role)
    for url in (
        reverse("meetings:meeting_list"),
        package["meeting"].get_absolute_url(),
        reverse("login"),
    ):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), url


def test_admin_change_page_has_no_inline_scripts(package, client_for):
    url = reverse("admin:meetings_meeting_change", args=[package["meeting"].pk])
    html = client_for("secretariat").get(url).content.decode()
    for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S):
        attrs, body = match.groups()
        assert "src=" in attrs or "application/json" in attrs or not body.strip(), attrs


def test_login_is_throttled_after_five_wrong_passwords(users, client):
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "medlem", "password": "forkert"})
        assert "Log ind" in response.content.decode()
    locked = client.post(url, {"username": "medlem", "password": "pw-medlem"})
    assert locked.status_code == 429
    assert "midlertidigt spærret" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out by the first one's mistakes.
    other = client.post(url, {"username": "kommune", "password": "pw-kommune"})
    assert other.status_code == 302
