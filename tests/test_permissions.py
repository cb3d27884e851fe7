"""Every URL pattern × every role, against the visibility table of DESIGN.md §4."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import (
    EVERYONE,
    ONLY_MEMBERS,
    ONLY_SECRETARIAT,
    SIGNED_IN,
    assert_admin_answer,
)
from tests.leakscan import MEMBERS, ROLES, leaked


def _all_named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _detail(p, key="meeting"):
    return reverse("meetings:meeting_detail", args=[p[key].pk])


def _annex(p, key):
    annex = p[key]
    meeting = p["draft"] if key == "draft_annex" else p["meeting"]
    return reverse("meetings:annex_download", args=[meeting.pk, annex.uid])


def _annex_v1(p, key):
    return reverse("meetings:annex_version_download", args=[p["meeting"].pk, 1, p[key].uid])


def _signed(p, key, version=None):
    meeting, annex = p["meeting"], p[key]
    if version is None:
        return reverse("meetings:annex_signed_original", args=[meeting.pk, annex.uid])
    return reverse("meetings:annex_version_signed_original", args=[meeting.pk, version, annex.uid])


def _doc(p, document, key="meeting", version=None):
    if version is None:
        return reverse("meetings:document_download", args=[p[key].pk, document])
    return reverse("meetings:document_version_download", args=[p[key].pk, version, document])


# A closed annex without signatures: refused to those who may not see it, none for the others.
UNSIGNED_CLOSED = {**ONLY_MEMBERS, "secretariat": 404, "council_member": 404}

# name → list of (url builder, {role: expected}); expected is a status code, or "login" for a
# redirect to the login page. Content checks for pages live in test_reader_pages.py.

CASES = {
    "meetings:meeting_list": [(lambda p: reverse("meetings:meeting_list"), EVERYONE)],
    "meetings:meeting_detail": [
        (_detail, EVERYONE),
        (lambda p: _detail(p, "draft"), ONLY_SECRETARIAT),
    ],
    "meetings:meeting_version": [
        (lambda p: reverse("meetings:meeting_version", args=[p["meeting"].pk, 1]), EVERYONE),
        (
            lambda p: reverse("meetings:meeting_version", args=[p["draft"].pk, 1]),
            dict.fromkeys(ROLES, 404),
        ),
    ],
    "meetings:annex_download": [
        (lambda p: _annex(p, "open_annex"), EVERYONE),
        (lambda p: _annex(p, "closed_annex"), ONLY_MEMBERS),
        (lambda p: _annex(p, "closed_item_annex"), ONLY_MEMBERS),
        (lambda p: _annex(p, "draft_annex"), ONLY_SECRETARIAT),
    ],
    "meetings:annex_version_download": [
        (lambda p: _annex_v1(p, "open_annex"), EVERYONE),
        (lambda p: _annex_v1(p, "closed_annex"), ONLY_MEMBERS),
        (lambda p: _annex_v1(p, "closed_item_annex"), ONLY_MEMBERS),
    ],
    # The signed originals of signed annexes (the fixture's open and closed annex); an annex
    # without signatures has none.
    "meetings:annex_signed_original": [
        (lambda p: _signed(p, "open_annex"), EVERYONE),
        (lambda p: _signed(p, "closed_annex"), ONLY_MEMBERS),
        (lambda p: _signed(p, "closed_item_annex"), UNSIGNED_CLOSED),
    ],
    "meetings:annex_version_signed_original": [
        (lambda p: _signed(p, "open_annex", version=1), EVERYONE),
        (lambda p: _signed(p, "closed_annex", version=1), ONLY_MEMBERS),
        (lambda p: _signed(p, "closed_item_annex", version=1), UNSIGNED_CLOSED),
    ],
    "meetings:document_download": [
        (lambda p: _doc(p, "bilag-offentlig"), EVERYONE),
        (lambda p: _doc(p, "bilag-medlemmer"), ONLY_MEMBERS),
        (lambda p: _doc(p, "referat-offentlig"), dict.fromkeys(ROLES, 404)),
        (lambda p: _doc(p, "bilag-offentlig", "draft"), dict.fromkeys(ROLES, 404)),
    ],
    "meetings:document_version_download": [
        (lambda p: _doc(p, "bilag-offentlig", version=1), EVERYONE),
        (lambda p: _doc(p, "bilag-medlemmer", version=1), ONLY_MEMBERS),
        (lambda p: _doc(p, "bilag-medlemmer", version=2), dict.fromkeys(ROLES, 404)),
    ],
    "meetings:members": [(lambda p: reverse("meetings:members"), EVERYONE)],
    "meetings:appointments": [(lambda p: reverse("meetings:appointments"), EVERYONE)],
    "meetings:meeting_plan": [
        (lambda p: reverse("meetings:meeting_plan", args=[p["meeting"].start.year]), EVERYONE)
    ],
    "meetings:proposal_create": [
        (
            lambda p: reverse("meetings:proposal_create", args=[p["meeting"].pk]),
            {"secretariat": 403, "council_member": 200, "municipality": 403, "anonymous": "login"},
        ),
        (
            lambda p: reverse("meetings:proposal_create", args=[p["draft"].pk]),
            {"secretariat": 403, "council_member": 200, "municipality": 403, "anonymous": "login"},
        ),
    ],
    # Apologies: a GET asks the member to confirm, the POST registers (tests/readers).
    "meetings:absence_report": [
        (
            lambda p: reverse("meetings:absence_report", args=[p["meeting"].pk]),
            {"secretariat": 403, "council_member": 200, "municipality": 403, "anonymous": "login"},
        )
    ],
    # Taking apologies back is a POST; a GET is refused for everyone.
    "meetings:absence_withdraw": [
        (
            lambda p: reverse("meetings:absence_withdraw", args=[p["meeting"].pk]),
            dict.fromkeys(ROLES, 405),
        )
    ],
    "meetings:calendar": [(lambda p: reverse("meetings:calendar"), EVERYONE)],
    "meetings:body_calendar": [
        (lambda p: reverse("meetings:body_calendar", args=[p["meeting"].body.slug]), EVERYONE)
    ],
    "meetings:feed": [(lambda p: reverse("meetings:feed"), EVERYONE)],
    "meetings:subscriptions": [(lambda p: reverse("meetings:subscriptions"), SIGNED_IN)],
    "login": [(lambda p: reverse("login"), EVERYONE)],
    # Logging out takes a POST; a GET is refused for everyone.
    "logout": [(lambda p: reverse("logout"), dict.fromkeys(ROLES, 405))],
    "set_language": [(lambda p: reverse("set_language"), dict.fromkeys(ROLES, 302))],
    # Static configuration for the admin's nested inlines; it holds no content.
    "nesting_server_data": [
        (
            lambda p: reverse("nesting_server_data"),
            {"secretariat": 200, "council_member": 403, "municipality": 403, "anonymous": 403},
        )
    ],
}


def _collect_app_cases():
    """Other apps add their URL cases in tests/<app>/permission_cases.py as CASES."""
    import importlib
    import pkgutil

    import tests

    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                cases = importlib.import_module(f"tests.{module.name}.permission_cases")
            except ModuleNotFoundError:
                continue
            CASES.update(cases.CASES)


_collect_app_cases()


def test_every_url_pattern_has_a_permission_entry():
    names = {name for name in _all_named_patterns() if not name.startswith("admin:")}
    assert names - set(CASES) == set(), "new view without a permission entry"


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_url_permissions_for_role(name, role, package, client_for):
    client = client_for(role)
    for build, expected in CASES[name]:
        url = build(package)
        response = client.get(url)
        want = expected[role]
        if want == "login":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        else:
            assert response.status_code == want, (url, role)
        if want == 200:
            assert_no_leak(response, role, url)


# Text that exists only in closed items and annexes, unpublished decisions and drafts; some
# with Danish letters on purpose, which JSON and feeds escape (tests/leakscan.py reads them back).
CLOSED_MARKERS = (
    "LUKKETTEKST",
    "LUKKETBILAG",
    "LUKKETPUNKTBILAG",
    "Fortroligt notat",
    "BUNDTmedlemmer",
    "Søren Lukketunderskriver",  # who signed the closed annex
)
UNPUBLISHED_MARKERS = ("HEMMELIGBESLUTNING",)
DRAFT_MARKERS = ("KLADDEMØDE", "Kladdepunkt", "Kladdebilag")


def assert_no_leak(response, role, url):
    """Whatever a role receives holds nothing it may not read (DESIGN.md §4)."""
    forbidden = list(UNPUBLISHED_MARKERS)
    if role not in MEMBERS:
        forbidden += CLOSED_MARKERS
    if role != "secretariat":
        forbidden += DRAFT_MARKERS
    found = leaked(response, forbidden)
    assert not found, (url, role, found)


# Groups carry permissions: only an operator (superuser) opens them (meetings/admin_users.py).
OPERATOR_ONLY = {"auth.group"}


def _admin_urls():
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        if meta.label_lower not in OPERATOR_ONLY:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


def test_every_admin_pattern_belongs_to_the_admin_site():
    admin_names = [n for n in _all_named_patterns() if n.startswith("admin:")]
    assert "admin:index" in admin_names
    assert all(reverse("admin:index") in reverse(n) for n in admin_names if "<" not in n and n in {
        "admin:index", "admin:login", "admin:logout", "admin:password_change"})  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_admin_only_for_secretariat(role, package, client_for):
    client = client_for(role)
    for url in _admin_urls():
        assert_admin_answer(client.get(url), role, url)
    change = reverse("admin:meetings_meeting_change", args=[package["meeting"].pk])
    response = client.get(change)
    if role == "secretariat":
        assert "Udpegninger" in response.content.decode()
    else:
        assert response.status_code == 302
        assert b"Udpegninger" not in response.content


def _admin_pattern_urls():
    """Every URL pattern of the admin site (about 155), its parameters filled in."""
    _prefix, resolver = get_resolver().namespace_dict["admin"]
    root = reverse("admin:index")
    urls = []
    for name in resolver.reverse_dict:
        if not isinstance(name, str):
            continue
        for possibility, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(name):
            for template, params in possibility:
                urls.append((f"admin:{name}", root + template % dict.fromkeys(params, "1")))
    return sorted(set(urls))


# Admin addresses that answer a reader themselves instead of sending them to the admin login:
# the login page, logout (a POST that logs out; GET is refused), and "view on site", which redirects to the reader page
# (where the reader's own rules apply) or answers 404.
ADMIN_OPEN = {"admin:login": {200}, "admin:logout": {302}, "admin:view_on_site": {302, 404}}


def _fingerprint():
    """Row counts of every table a request could change (not sessions, login throttling, the
    admin's log or the search index that the search cases rebuild)."""
    from django.apps import apps

    skip = {"sessions", "axes", "admin", "search", "contenttypes", "auth"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in skip and not model._meta.proxy
    }


def test_the_admin_has_all_its_patterns_enumerated():
    assert len(_admin_pattern_urls()) > 100


@pytest.mark.parametrize("role", ["council_member", "municipality", "anonymous"])
def test_every_admin_pattern_refuses_readers(role, package, client_for):
    client = client_for(role)
    before = _fingerprint()
    for name, url in _admin_pattern_urls():
        for method in (client.get, client.post):
            response = method(url)
            if name in ADMIN_OPEN:
                assert response.status_code in ADMIN_OPEN[name] | {405}, (url, role)
            else:
                assert response.status_code == 302, (url, role, response.status_code)
                assert response["Location"].startswith(reverse("admin:login")), url
            assert_no_leak(response, role, url)
    assert _fingerprint() == before


# Who may change something with a POST where GET says otherwise: members send proposals and
# apologies (GET of the apology address is refused for everyone), anyone may log out and choose
# a language.
POST_ALLOWED = {
    "meetings:absence_report": {"council_member"},
    "meetings:absence_withdraw": {"council_member"},
    "logout": set(ROLES),
    "set_language": set(ROLES),
}


@pytest.mark.parametrize("role", ROLES)
def test_post_to_every_view_changes_nothing_for_those_not_allowed(role, package, client_for):
    client = client_for(role)
    cases = [(name, build(package), expected) for name in sorted(CASES)
             for build, expected in CASES[name]]  # fmt: skip
    for name, url, expected in cases:
        allowed = POST_ALLOWED.get(name, {r for r in ROLES if expected[r] == 200})
        before = _fingerprint()
        response = client.post(url, {"title": "Forsøg på ændring", "text": "x", "reason": "x"})
        assert response.status_code < 500, (url, role)
        assert_no_leak(response, role, url)
        if role not in allowed:
            assert _fingerprint() == before, (url, role)
            assert response.status_code in {302, 403, 404, 405}, (url, role)
