"""What WeasyPrint lays out: the agenda, the minutes, and the bundle's contents and divider pages."""

import datetime
import hashlib

from django.template.loader import render_to_string
from django.utils import timezone

VARIANT_LABELS = {"medlemmer": "medlemmernes udgave", "offentlig": "offentlig udgave"}
# A contents line links to its page through this address; the bundle turns it into a page link.
PAGE_LINK_PREFIX = "bilagssamling:side-"


def meeting_start(snapshot) -> datetime.datetime:
    return timezone.localtime(datetime.datetime.fromisoformat(snapshot["meeting"]["start"]))


def _refuse_fetch(url, *args, **kwargs):
    """Rendering never fetches anything: no URL in a text can make the worker call out."""
    raise ValueError(f"Eksterne ressourcer hentes ikke: {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")


def render_cached(html: str, cache) -> bytes:
    key = hashlib.sha256(b"weasyprint-1:" + html.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = html_to_pdf(html)
        cache.set(key, data)
    return data


def agenda_pdf(
    snapshot: dict,
    *,
    variant: str,
    version_number: int | None = None,
    minutes: bool = False,
    attendance: dict | None = None,
) -> bytes:
    """The agenda (or, with minutes=True, the minutes) of an already filtered snapshot."""
    kind_title = "Referat" if minutes else "Dagsorden"
    start = meeting_start(snapshot)
    html = render_to_string(
        "pdf/agenda.html",
        {
            "snapshot": snapshot,
            "start": start,
            "kind_title": kind_title,
            "doc_title": f"{kind_title} – {snapshot['meeting']['body']} {start:%d.%m.%Y}",
            "version_number": version_number,
            "variant_label": VARIANT_LABELS.get(variant, ""),
            "attendance": attendance if minutes else None,
        },
    )
    return html_to_pdf(html)


def bundle_title(snapshot, version_number) -> str:
    start = meeting_start(snapshot)
    title = f"Bilag – {snapshot['meeting']['body']} {start:%d.%m.%Y}"
    return f"{title} – version {version_number}" if version_number else title


def front_html(snapshot, entries, *, variant, version_number, changes, changes_page) -> str:
    return render_to_string(
        "pdf/bundle_front.html",
        {
            "snapshot": snapshot,
            "start": meeting_start(snapshot),
            "entries": entries,
            "variant_label": VARIANT_LABELS.get(variant, ""),
            "version_number": version_number,
            "previous_version": (version_number - 1) if version_number else None,
            "changes": changes,
            "changes_page": changes_page,
            "link_prefix": PAGE_LINK_PREFIX,
            "doc_title": bundle_title(snapshot, None),
        },
    )


def dividers_html(dividers: list[dict]) -> str:
    return render_to_string("pdf/bundle_dividers.html", {"dividers": dividers})
