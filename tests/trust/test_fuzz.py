"""Odd requests to every reader URL and the API (issue 14, finding 7): whatever the query string
and path values, the answer is a page, a 400 or a 404, never a server error."""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Meeting

SKIPPED_PREFIXES = ("admin/", "_nested_admin/", "i18n/", "log-ud/")

KNOWN_PARAMETERS = [
    "q", "year", "body", "page", "page_size", "next", "type", "kind", "organization",
    "meeting", "version", "status", "municipality", "kommune", "format", "sort", "order",
    "from", "to", "since", "modified_since", "created_since", "limit", "offset", "lang", "id",
]  # fmt: skip

odd_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "-1", "0", "99999999999999999999", "1e309", "NaN", "\x00", "a\x00b", "%00",
         "2024-13-45", "9999-12-31T99:99", "<script>", "' OR 1=1 --", "../../etc/passwd",
         "//evil.example", "https://evil.example/", "\r\nSet-Cookie: x", "١٢٣", "ÆØÅ", " "]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)  # fmt: skip
query = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN_PARAMETERS), st.text(max_size=8)), odd_text),
    max_size=4,
)
path_int = st.one_of(st.integers(min_value=0, max_value=2**70), st.sampled_from([0, 1, 2]))


def _reader_patterns():
    """Every URL pattern outside the admin, with its converters' names (the routes readers and
    API clients can call)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                for name, sub_route in walk(pattern.url_patterns, route):
                    yield (f"{namespace}:{name}" if namespace and name else name), sub_route
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name, route

    return sorted(
        {
            (name, route)
            for name, route in walk(get_resolver().url_patterns)
            if not route.startswith(SKIPPED_PREFIXES)
        }
    )


PATTERNS = _reader_patterns()


def _path_values(route, package, draw):
    meeting = package["meeting"]
    real = {
        "pk": meeting.pk,
        "year": meeting.start.year,
        "version": 1,
        "annex_uid": package["open_annex"].uid,
        "uid": package["open_annex"].uid,
        "document": "dagsorden",
        "slug": meeting.body.slug,
        "code": 851,
    }
    values = {}
    for converter, name in _converters(route):
        if draw(st.booleans()):
            values[name] = real.get(name, 1)
        elif converter == "int":
            values[name] = draw(path_int)
        elif converter == "uuid":
            values[name] = draw(st.uuids())
        else:
            values[name] = draw(st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True))
    return values


def _converters(route):
    import re

    return re.findall(r"<(?:(\w+):)?(\w+)>", route)


def _fuzz(client, package, name, route):
    """Hypothesis examples for one route: its path values and query parameters."""

    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data(), params=query)
    def check(data, params):
        url = reverse(name, kwargs=_path_values(route, package, data.draw))
        response = client.get(url, dict(params) if params else None)
        assert response.status_code < 500, (url, params, response.status_code)

    return check


@pytest.mark.parametrize("role", ["anonymous", "council_member", "secretariat"])
def test_odd_query_strings_never_cause_a_server_error(role, package, users):
    client = Client(raise_request_exception=False)
    if users[role] is not None:
        client.force_login(users[role])
    failures = []
    for name, route in PATTERNS:
        try:
            _fuzz(client, package, name, route)()
        except AssertionError as error:
            failures.append(str(error)[:300])
    assert failures == []


def test_the_fuzz_covers_every_reader_url_and_the_api():
    names = {name for name, _route in PATTERNS}
    assert {"meetings:meeting_list", "meetings:meeting_plan", "search:search", "login"} <= names
    assert any(name.startswith("api:") for name in names)
    assert len(names) >= 30


def test_draft_years_stay_unknown_to_the_public(package):
    """The year filter of the list never offers a year of drafts only (finding 10)."""
    year = package["meeting"].start.year + 4
    Meeting.objects.create(
        body=package["meeting"].body,
        start=datetime.datetime(year, 3, 1, 10, tzinfo=datetime.UTC),
    )
    html = Client().get(reverse("meetings:meeting_list")).content.decode()
    assert f'value="{year}"' not in html
