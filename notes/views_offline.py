"""The installable web app: the manifest, the service worker (served from the site root so that
its scope is the whole portal), a meeting's offline package and the check a device makes at each
contact to drop what it may no longer keep."""

import hashlib
import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from meetings import selectors as meeting_selectors
from meetings import visibility
from notes.rules import may_take_notes
from notes.templatetags.notes import may_save_offline, offline_days
from notes.views_api import note_taker_required

STATIC_FILES = (
    "css/portal.css",
    "css/notes.css",
    "js/notes-core.js",
    "js/notes-ui.js",
    "js/notes-item.js",
    "js/notes-viewer.js",
    "js/pdf-pages.js",
    "js/reader-nav.js",
    "js/notes-offline.js",
    "vendor/pdfjs/pdf.min.mjs",
    "vendor/pdfjs/pdf.worker.min.mjs",
    "img/icon-192.png",
)


@require_GET
def service_worker(request):
    response = render(
        request,
        "notes/sw.js",
        {
            "static_files": json.dumps([static(name) for name in STATIC_FILES]),
            "status_url": json.dumps(reverse("notes:offline_status")),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": _("KKR Nordjylland – Mødeportal"),
        "short_name": "KKR",
        "lang": "da",
        "start_url": reverse("meetings:meeting_list"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#003b63",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


def device_key(user) -> str:
    """Which login a device's saved packages belong to, without naming it."""
    raw = f"{settings.SECRET_KEY}:offline:{user.pk}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


@note_taker_required
@require_GET
def offline_package(request, pk):
    """What a device stores for one meeting: its page, the members' PDFs, the annexes, the
    annex reader and the author's notes; only for the newest version, upcoming or recent."""
    package = meeting_selectors.reader_package(meeting_id=pk, user=request.user)
    if package.version is None or not may_save_offline(package.meeting):
        return JsonResponse({"error": _("Mødet kan ikke gemmes til offline brug.")}, status=400)
    urls = [
        reverse("meetings:meeting_detail", args=[pk]),
        reverse("notes:meeting_notes", args=[pk]),
        reverse("notes:meeting_api", args=[pk]),
    ]
    for document in meeting_selectors.documents_for(package, user=request.user):
        urls.append(reverse("meetings:document_download", args=[pk, document.slug]))
    for _item, annex in package.typed.annexes():
        if annex.visible:
            urls.append(reverse("meetings:annex_download", args=[pk, annex.uid]))
            urls.append(reverse("notes:annex_reader", args=[pk, annex.uid]))
    expires = package.facts.start + timezone.timedelta(days=offline_days())
    response = JsonResponse(
        {
            "meeting": pk,
            "version": package.version.number,
            "expires": expires.isoformat(),
            "user": device_key(request.user),
            "urls": urls,
            "static": [static(name) for name in STATIC_FILES],
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def offline_status(request):
    """Asked by the service worker at each contact: which of the saved meetings (`?m=1,2`) this
    device may keep, at which version. Logged out: nothing, so the device clears everything."""
    user = request.user
    answer = {"authenticated": user.is_authenticated, "user": "", "meetings": {}}
    if user.is_authenticated and may_take_notes(user):
        answer["user"] = device_key(user)
        wanted = [int(part) for part in request.GET.get("m", "").split(",") if part.isdigit()][:50]
        readable = visibility.meetings_for(user).filter(pk__in=wanted)
        for meeting in readable:
            if meeting.latest_version and may_save_offline(meeting):
                answer["meetings"][str(meeting.pk)] = meeting.latest_version
    response = JsonResponse(answer)
    response["Cache-Control"] = "private, no-store"
    return response
