"""The public site as a search engine sees it (issue 14, finding 10): starting from the front page
and following every same-site link, the crawl ends by itself, and no page is a server error."""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from meetings.models import Meeting

MAX_FETCHES = 300
LINK = re.compile(r"""<a\b[^>]*?\shref="([^"]+)\"""", re.I)
SKIP = ("/admin/", "/static/", "/_nested_admin/", "/log-ud/", "/i18n/")


def _links(base: str, html: str):
    for href in LINK.findall(html):
        url, _fragment = urldefrag(urljoin(base, href.replace("&amp;", "&")))
        parts = urlsplit(url)
        if parts.scheme and parts.netloc not in ("", "testserver"):
            continue  # another site
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(SKIP):
            yield path


def crawl(client: Client, start: str = "/"):
    seen, queue, fetched, errors = {start}, deque([start]), [], []
    while queue and len(fetched) < MAX_FETCHES:
        url = queue.popleft()
        response = client.get(url)
        fetched.append(url)
        if response.status_code >= 500:
            errors.append((url, response.status_code))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(url, response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return fetched, queue, errors


@pytest.fixture
def demo_site(db):
    call_command("loaddemo", stdout=io.StringIO())
    meeting = Meeting.objects.order_by("start").first()
    # A draft meeting years ahead: the public must not be led to its year.
    Meeting.objects.create(body=meeting.body, start=meeting.start.replace(year=2031))
    return meeting


def test_public_crawl_from_the_front_page_ends_within_300_fetches(demo_site):
    fetched, left, errors = crawl(Client(raise_request_exception=False))
    print(f"crawl: {len(fetched)} fetches, {len(left)} left")
    assert not left, (
        f"still {len(left)} links to follow after {len(fetched)} fetches: {list(left)[:10]}"
    )
    assert len(fetched) <= MAX_FETCHES
    assert errors == []
    assert "/log-ind/?next=/" in fetched
    assert not any("next=/log-ind/" in url for url in fetched)
    assert not any("/moedeplan/2031/" in url for url in fetched)
    plan_years = sorted({int(m) for url in fetched for m in re.findall(r"^/moedeplan/(\d+)/", url)})
    published = sorted(
        {m.start.year for m in Meeting.objects.filter(status=Meeting.Status.PUBLISHED)}
    )
    assert set(plan_years) <= set(published) | {timezone.localdate().year}
