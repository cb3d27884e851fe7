"""What WeasyPrint lays out: the agenda, the minutes, and the bundle's contents and divider pages."""

import datetime
import hashlib
import io

import pikepdf
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meetings.package import Package
from meetings.publishing import safety

VARIANT_LABELS = {"medlemmer": "medlemmernes udgave", "offentlig": "offentlig udgave"}
# A contents line links to its page through this address; the bundle turns it into a page link.
PAGE_LINK_PREFIX = "bilagssamling:side-"


def meeting_start(package: Package) -> datetime.datetime:
    return timezone.localtime(package.meeting.start)


def council_html(template: str, context: dict) -> str:
    """The council's documents are Danish (month names, '1.771.663,13'), whatever language the
    person whose request made them reads the portal in."""
    with translation.override("da"):
        return render_to_string(template, context)


def _refuse_fetch(url, *args, **kwargs):
    """Rendering never fetches anything: no URL in a text can make the worker call out."""
    raise ValueError(f"Eksterne ressourcer hentes ikke: {url[:80]}")


def html_to_pdf(html: str, *, pdf_variant: str | None = "pdf/ua-1") -> bytes:
    """PDF/UA for readers; the municipalities' packs also ask for PDF/A-2b preservation copies."""
    from weasyprint import HTML

    data = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant=pdf_variant)
    return describe_links(data)


def page_link_description(page: int) -> pikepdf.String:
    """What a link to a page of the document says to a screen reader (Danish, as the council's
    documents are)."""
    return pikepdf.String(f"Gå til side {page}")


def describe_links(data: bytes) -> bytes:
    """WeasyPrint describes a link inside the document by its anchor's name ("punkt-1.1"), and a
    screen reader reads the description aloud: it says the page the link goes to instead."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        named = safety.named_destinations(pdf)
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        described = 0
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                name = annot.get("/Dest")
                if not isinstance(name, pikepdf.String) or annot.get("/Contents") != name:
                    continue
                dest = named.get(bytes(name))
                dest = dest.get("/D") if isinstance(dest, pikepdf.Dictionary) else dest
                if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].objgen in index:
                    annot.Contents = page_link_description(index[dest[0].objgen])
                    described += 1
        if not described:
            return data
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def render_cached(html: str, cache) -> bytes:
    key = hashlib.sha256(b"weasyprint-2:" + html.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = html_to_pdf(html)
        cache.set(key, data)
    return data


def agenda_pdf(
    package: Package,
    *,
    variant: str,
    version_number: int | None = None,
    minutes: bool = False,
    attendance: dict | None = None,
    pdf_variant: str = "pdf/ua-1",
) -> bytes:
    """The agenda (or, with minutes=True, the minutes) of an already filtered package."""
    kind_title = "Referat" if minutes else "Dagsorden"
    start = meeting_start(package)
    html = council_html(
        "pdf/agenda.html",
        {
            "package": package,
            "start": start,
            "kind_title": kind_title,
            "doc_title": f"{kind_title} – {package.meeting.body} {start:%d.%m.%Y}",
            "version_number": version_number,
            "variant_label": VARIANT_LABELS.get(variant, ""),
            "attendance": attendance if minutes else None,
        },
    )
    return html_to_pdf(html, pdf_variant=pdf_variant)


def bundle_title(package: Package, version_number) -> str:
    start = meeting_start(package)
    title = f"Bilag – {package.meeting.body} {start:%d.%m.%Y}"
    return f"{title} – version {version_number}" if version_number else title


def front_html(package: Package, entries, *, variant, version_number, changes, changes_page) -> str:
    return council_html(
        "pdf/bundle_front.html",
        {
            "package": package,
            "start": meeting_start(package),
            "entries": entries,
            "variant_label": VARIANT_LABELS.get(variant, ""),
            "version_number": version_number,
            "previous_version": (version_number - 1) if version_number else None,
            "changes": changes,
            "changes_page": changes_page,
            "link_prefix": PAGE_LINK_PREFIX,
            "doc_title": bundle_title(package, None),
        },
    )


def dividers_html(dividers: list[dict]) -> str:
    return council_html("pdf/bundle_dividers.html", {"dividers": dividers})
