"""Frozen reader pages: a published version's page is rendered once per audience and language and
then answered from the cache like a static file.

Anonymous readers get the whole page from the cache without a database query or a session (the
page carries no CSRF token, see kkr_portal/language.py). Members' pages hold personal parts (their
name, their apologies, their notes, a CSRF token): the audience's page is kept with a marker
where each of these goes, and each request renders only its own parts into it
(meetings/personal_shell.py). The secretariat is never served from here.

Each meeting has a small pointer in the cache, a token that every key of its pages contains.
Publishing, withdrawing or deleting a version, a finished PDF, a changed meeting or attendance
drops the meeting's pointer; a change that touches every page (a body, a member) bumps the
generation that each pointer names. No key is hunted down: what is no longer pointed to expires.
Pages that change with time alone (an upcoming meeting becomes held; a meeting or its documents
leave the public site after the retention period, `visibility.public_cutoff`) are kept only until
that moment."""

import datetime
import functools
import gzip
import hashlib
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import brotli
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from meetings import models, signals, visibility
from meetings.models import Meeting, PackageVersion, VersionDocument

TIMEOUT = 24 * 3600
GENERATION = "frozen:generation"
# What is kept under a token never changes, so each process also holds the pages it served last:
# a cached answer then costs one small cache read (the pointer), not the page's bytes.
LOCAL_PAGES = 128
_local: OrderedDict[str, dict] = OrderedDict()


def _remember(key: str, entry: dict) -> dict:
    _local[key] = entry
    _local.move_to_end(key)
    while len(_local) > LOCAL_PAGES:
        _local.popitem(last=False)
    return entry


def entry_get(key: str) -> dict | None:
    """What is kept under `key` (this process's copy first), if it is still fresh."""
    entry = _local.get(key)
    if entry is None and (entry := cache.get(key)) is not None:
        _remember(key, entry)
    if entry is None or entry["fresh_until"] <= time.time():
        return None
    return entry


def entry_set(key: str, entry: dict) -> dict:
    """Keep `entry` under `key` until its "fresh_until" (a timestamp)."""
    timeout = max(1, int(entry["fresh_until"] - time.time()))
    cache.set(key, _remember(key, entry), timeout)
    return entry


@functools.cache
def _release() -> str:
    """The templates and translations this process renders with, so a deploy never serves
    pages rendered by the code before it."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in (root / "templates", root / "locale"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".html", ".mo"):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def enabled() -> bool:
    """Only where the cache is shared by every process (Redis in production): with a
    per-process cache, a worker's finished PDF could not reach the web process's pages."""
    return settings.FROZEN_PAGES


def _pointer_key(meeting_id) -> str:
    return f"frozen:{_release()}:meeting:{meeting_id}"


def _generation_start() -> int:
    # Never starts over from a number an evicted counter had: old pointers stay invalid.
    cache.add(GENERATION, time.time_ns(), None)
    return cache.get(GENERATION)


# Invalidation ------------------------------------------------------------------------------


def generation_bump() -> None:
    """Every frozen page is out of date (a body or a member changed)."""
    try:
        cache.incr(GENERATION)
    except ValueError:
        _generation_start()


def meeting_forget(meeting_id) -> None:
    """The meeting's pages and the meeting list are out of date: now, and again once the change is committed, so a
    reader who read the database between the two cannot keep the old page."""
    keys = [_pointer_key(meeting_id), _pointer_key("list")]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _meeting_changed(sender, instance, **kwargs):
    if isinstance(instance, Meeting):
        meeting_id = instance.pk
    elif isinstance(instance, VersionDocument):
        versions = PackageVersion.objects.filter(pk=instance.version_id)
        meeting_id = versions.values_list("meeting_id", flat=True).first()
    else:
        meeting_id = instance.meeting_id
    if meeting_id is not None:
        meeting_forget(meeting_id)


def _everything_changed(sender, **kwargs):
    generation_bump()
    transaction.on_commit(generation_bump)


def connect() -> None:
    """Listen for every change a reader page shows; called once from the app's ready()."""
    for model in (models.Meeting, models.PackageVersion, models.VersionDocument, models.Attendance):
        for signal in (post_save, post_delete):
            signal.connect(_meeting_changed, sender=model, dispatch_uid=f"frozen-{model.__name__}")
    for model in (models.Body, models.Person, models.Membership, models.Leave):
        for signal in (post_save, post_delete):
            signal.connect(
                _everything_changed, sender=model, dispatch_uid=f"frozen-{model.__name__}"
            )

    def on_versions(sender, meeting_id=None, version_id=None, **kwargs):
        if meeting_id is None:
            versions = PackageVersion.objects.filter(pk=version_id)
            meeting_id = versions.values_list("meeting_id", flat=True).first()
        if meeting_id is not None:
            meeting_forget(meeting_id)

    signals.version_published.connect(on_versions, weak=False, dispatch_uid="frozen-published")
    signals.versions_changed.connect(on_versions, weak=False, dispatch_uid="frozen-changed")


# Answering ---------------------------------------------------------------------------------


def _codings(request) -> list[str]:
    """The compressions the client accepts, brotli first."""
    accepted = set()
    for part in request.headers.get("Accept-Encoding", "")[:2048].split(","):
        name, _, params = part.strip().partition(";")
        if params.strip().replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        accepted.add(name.strip().lower())
    return [coding for coding in ("br", "gzip") if coding in accepted]


def _whole_page_allowed(request) -> bool:
    """A request the whole cached page may answer: nobody logged in (no session at all, so
    nothing personal such as a message can be due) and no query string reflected in it."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _fresh_until(starts) -> datetime.datetime:
    """When a public page would change with nothing published, given each meeting's published
    start and its own: one of them starts (upcoming becomes held), one leaves the public site,
    or the year in the page's menu turns."""
    now = timezone.now()
    moments = [now + datetime.timedelta(seconds=TIMEOUT)]
    cutoffs = [
        visibility.public_cutoff(document_class) for document_class in visibility.DocumentClass
    ]
    for published_start, start in starts:
        if published_start > now:
            moments.append(published_start)
        for cutoff in filter(None, cutoffs):
            # A class of documents leaves the public site once the start is before its cutoff,
            # which moves on with the clock: that is this long from now.
            leaves = start + (now - cutoff)
            if leaves > now:
                moments.append(leaves)
    local = timezone.localtime(now)
    moments.append(local.replace(year=local.year + 1, month=1, day=1, hour=0, minute=0, second=0))
    return min(moments)


def page_fresh_until(package) -> datetime.datetime:
    return _fresh_until([(package.facts.start, package.meeting.start)])


def list_fresh_until(meetings) -> datetime.datetime:
    """For meetings with their published `.facts`, as the meeting list shows them."""
    return _fresh_until([(meeting.facts.start, meeting.start) for meeting in meetings])


@dataclass
class FrozenPage:
    """One reader's request for a meeting's page (or, with the scope "list", for the meeting
    list), with the keys its cached parts live under."""

    request: object
    scope: int | str
    version: int | None
    audience: visibility.Audience
    token: str = ""

    @classmethod
    def for_request(cls, request, *, scope, version=None) -> "FrozenPage | None":
        if not enabled():
            return None
        audience = visibility.audience_of(request.user)
        if audience.sees_drafts:
            return None
        return cls(request, scope, version, audience)

    @property
    def whole(self) -> bool:
        return self.audience is visibility.Audience.PUBLIC and _whole_page_allowed(self.request)

    def page_key(self, kind: str = "page") -> str:
        host = hashlib.sha256(self.request.get_host().encode()).hexdigest()[:16]
        shown = f"{self.version or 'latest'}:{self.audience}:{get_language()}"
        return f"frozen:{_release()}:{kind}:{self.token}:{shown}:{host}"

    def answer(self):
        """The cached whole page, or None; in either case the meeting's token is then known
        (made before the caller reads the database, so an invalidation is never lost)."""
        pointer = _pointer_key(self.scope)
        found = cache.get_many([GENERATION, pointer])
        generation = found.get(GENERATION) or _generation_start()
        current = found.get(pointer)
        if current and current[0] == generation:
            self.token = current[1]
            if self.whole and (entry := entry_get(self.page_key())) is not None:
                return self._respond(entry)
            return None
        fresh = (generation, uuid.uuid4().hex)
        if current is None and not cache.add(pointer, fresh, TIMEOUT):
            current = cache.get(pointer)
            if current and current[0] == generation:
                self.token = current[1]
                return None
        cache.set(pointer, fresh, TIMEOUT)
        self.token = fresh[1]
        return None

    def fragment_key(self, package) -> str:
        """The head and body of the page, common to everyone of the audience ("" for a draft)."""
        if package.version is None:
            return ""
        return f"{self.token}:{package.version.pk}:{self.audience}:{get_language()}"

    def keep(self, response, *, until: datetime.datetime):
        """Keep a freshly rendered anonymous page until `until` at the latest, and answer as
        the cache would have."""
        request = self.request
        if (
            not self.whole
            or response.status_code != 200
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            return response
        body = response.content
        now = time.time()
        entry = {
            "body": body,
            "br": brotli.compress(body, quality=5),
            "gzip": gzip.compress(body, compresslevel=6, mtime=0),
            "etag": f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
            "modified": int(now),
            "fresh_until": until.timestamp(),
        }
        return self._respond(entry_set(self.page_key(), entry))

    def _respond(self, entry):
        request = self.request
        codings = _codings(request)
        coding = codings[0] if codings else None
        response = HttpResponse(
            entry[coding] if coding else entry["body"], content_type="text/html; charset=utf-8"
        )
        if coding:
            response["Content-Encoding"] = coding
        patch_vary_headers(response, ["Accept-Encoding"])
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        # Every use asks again (a 304 costs no body), so a withdrawn version is gone at once.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["modified"], response=response
        )
