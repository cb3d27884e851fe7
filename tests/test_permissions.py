"""Every URL pattern × every role, against the visibility table of DESIGN.md §4."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("secretariat", "council_member", "municipality", "anonymous")
MEMBERS = {"secretariat", "council_member"}


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


def _doc(p, document, key="meeting", version=None):
    if version is None:
        return reverse("meetings:document_download", args=[p[key].pk, document])
    return reverse("meetings:document_version_download", args=[p[key].pk, version, document])


# name → list of (url builder, {role: expected}); expected is a status code, or "login" for a
# redirect to the login page. Content checks for pages live in test_reader_pages.py.
EVERYONE = dict.fromkeys(ROLES, 200)
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
    "meetings:subscriptions": [
        (
            lambda p: reverse("meetings:subscriptions"),
            {"secretariat": 200, "council_member": 200, "municipality": 200, "anonymous": "login"},
        )
    ],
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


# Text that exists only in closed items and annexes, unpublished decisions and drafts.
CLOSED_MARKERS = (
    "LUKKETTEKST",
    "LUKKETBILAG",
    "LUKKETPUNKTBILAG",
    "Fortroligt notat",
    "BUNDTmedlemmer",
)
UNPUBLISHED_MARKERS = ("HEMMELIGBESLUTNING",)
DRAFT_MARKERS = ("KLADDEMØDE", "Kladdepunkt", "Kladdebilag")


def response_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF-"):
        import io

        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        return text + str(reader.metadata or "")
    return body.decode("utf-8", "replace")


def assert_no_leak(response, role, url):
    """Whatever a role receives holds nothing it may not read (DESIGN.md §4)."""
    text = response_text(response)
    forbidden = list(UNPUBLISHED_MARKERS)
    if role not in MEMBERS:
        forbidden += CLOSED_MARKERS
    if role != "secretariat":
        forbidden += DRAFT_MARKERS
    leaked = [marker for marker in forbidden if marker in text]
    assert not leaked, (url, role, leaked)


def _admin_urls():
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
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
        response = client.get(url)
        if role == "secretariat":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
    change = reverse("admin:meetings_meeting_change", args=[package["meeting"].pk])
    response = client.get(change)
    if role == "secretariat":
        assert "Udpegninger" in response.content.decode()
    else:
        assert response.status_code == 302
        assert b"Udpegninger" not in response.content
