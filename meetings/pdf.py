"""Rendering of the agenda, the minutes and the annex bundle. WeasyPrint lays out what is written
(agenda, minutes, the bundle's contents and divider pages); pikepdf merges, numbers and bookmarks.

Laying out one HTML page per bundle page only to print a page number would cost far more than the
merge itself, so page numbers are written straight into each page's content stream.
"""

import datetime
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from meetings import visibility
from meetings.services import iter_items

VARIANT_LABELS = {"medlemmer": "medlemmernes udgave", "offentlig": "offentlig udgave"}

# Helvetica advance widths (1/1000 em) of the characters the page stamp uses.
_HELVETICA = {ch: 556 for ch in "0123456789adeu"} | {
    "S": 667, "i": 222, "f": 278, " ": 278, "B": 667, "l": 222, "g": 556, "s": 500, "m": 833,
    "n": 556, "o": 556, "r": 333, "t": 278, "-": 333,
}  # fmt: skip
STAMP_SIZE = 8
ROWS_PER_CONTENTS_PAGE = 36


class StorageCache:
    """Derived files that do not change between renders, kept in the default storage.

    An entry's name carries a digest of its content, checked on every read: a file cut short by a
    worker that died while writing it is never used."""

    prefix = "cache"

    def _folder(self, key: str) -> str:
        return f"{self.prefix}/{key[:2]}"

    def get(self, key: str) -> bytes | None:
        folder = self._folder(key)
        try:
            _dirs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            return None
        for name in sorted(n for n in names if n.startswith(key + "-")):
            with default_storage.open(f"{folder}/{name}", "rb") as handle:
                data = handle.read()
            if name == self._name(key, data).rsplit("/", 1)[-1]:
                return data
        return None

    def _name(self, key: str, data: bytes) -> str:
        return f"{self._folder(key)}/{key}-{hashlib.sha256(data).hexdigest()[:16]}.pdf"

    def set(self, key: str, data: bytes) -> None:
        name = self._name(key, data)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))


class NoCache:
    def get(self, key):
        return None

    def set(self, key, data):
        pass


def _start(snapshot) -> datetime.datetime:
    from django.utils import timezone

    return timezone.localtime(datetime.datetime.fromisoformat(snapshot["meeting"]["start"]))


def _refuse_fetch(url, *args, **kwargs):
    """Rendering never fetches anything: no URL in a text can make the worker call out."""
    raise ValueError(f"Eksterne ressourcer hentes ikke: {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")


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
    start = _start(snapshot)
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


@dataclass
class _Entry:
    item: dict
    annexes: list = field(default_factory=list)
    page: int = 0


def _bundle_entries(snapshot: dict, variant: str):
    entries = []
    for item in iter_items(snapshot):
        if not item["annexes"]:
            continue
        entry = _Entry(item=item)
        for annex in item["annexes"]:
            included = visibility.annex_in_bundle(annex, variant=variant)
            entry.annexes.append(
                {
                    "number": annex["number"],
                    "label": annex["title"] if included else "Lukket bilag",
                    "source": annex if included else None,
                    "pages": annex["page_count"] if included else 0,
                    "page": 0,
                }
            )
        entries.append(entry)
    return entries


def _number_entries(entries, first_page: int) -> int:
    """Give each annex the page of its divider; return the bundle's total page count."""
    page = first_page
    for entry in entries:
        entry.page = page
        for annex in entry.annexes:
            annex["page"] = page
            page += 1 + annex["pages"]
    return page - 1


def _front_html(snapshot, entries, *, variant, version_number, changes, previous_version):
    start = _start(snapshot)
    return render_to_string(
        "pdf/bundle_front.html",
        {
            "snapshot": snapshot,
            "start": start,
            "entries": entries,
            "variant_label": VARIANT_LABELS.get(variant, ""),
            "version_number": version_number,
            "previous_version": previous_version,
            "changes": changes,
            "doc_title": f"Bilag – {snapshot['meeting']['body']} {start:%d.%m.%Y}",
        },
    )


def _render_cached(html: str, cache) -> bytes:
    key = hashlib.sha256(b"weasyprint-1:" + html.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = html_to_pdf(html)
        cache.set(key, data)
    return data


def _stamp_text_width(text: str) -> float:
    return sum(_HELVETICA.get(ch, 556) for ch in text) * STAMP_SIZE / 1000


def _stamp(pdf, page, text: str, font) -> None:
    """Write the bundle's page number in the bottom right corner as the reader sees the page,
    whatever the page's size, offset or rotation, without touching its own content."""
    import pikepdf

    box = [float(v) for v in (page.obj.get("/CropBox") or page.mediabox)]
    x0, y0, x1, y1 = (
        min(box[0], box[2]),
        min(box[1], box[3]),
        max(box[0], box[2]),
        max(box[1], box[3]),
    )
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    width = (x1 - x0) if rotate in (0, 180) else (y1 - y0)
    matrix = {
        0: (1, 0, 0, 1, x0, y0),
        90: (0, 1, -1, 0, x1, y0),
        180: (-1, 0, 0, -1, x1, y1),
        270: (0, -1, 1, 0, x0, y1),
    }[rotate]
    name = page.add_resource(font, pikepdf.Name.Font, prefix="KKRStamp")
    tx = width - 20 - _stamp_text_width(text)
    content = (
        "Q q {} cm BT {} {} Tf 0.25 g {:.2f} 10 Td ({}) Tj ET Q".format(
            " ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in matrix),
            name,
            STAMP_SIZE,
            tx,
            text,
        )
    ).encode("ascii")
    page.contents_add(pdf.make_stream(b"q "), prepend=True)
    page.contents_add(pdf.make_stream(content), prepend=False)


def _normalised(annex: dict, open_annex: Callable[[dict], bytes], cache) -> bytes:
    """A repaired, compact copy of an annex, made once per file and reused by later renders."""
    import pikepdf

    key = hashlib.sha256(f"annex-1:{annex['sha256']}".encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        with pikepdf.open(io.BytesIO(open_annex(annex))) as source:
            out = io.BytesIO()
            source.remove_unreferenced_resources()
            source.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
            data = out.getvalue()
        cache.set(key, data)
    return data


def bundle_pdf(
    snapshot: dict,
    *,
    variant: str,
    open_annex: Callable[[dict], bytes],
    version_number: int | None = None,
    changes: list[str] | None = None,
    cache=None,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The annex bundle: contents with exact page numbers, a divider stamped with the item before
    each annex, a running page number, bookmarks per item and annex, linearised."""
    import pikepdf

    cache = cache or NoCache()
    entries = _bundle_entries(snapshot, variant)
    previous_version = (version_number - 1) if version_number else None
    # The contents' length depends on its rows, not on the page numbers in them: a good first
    # guess spares a second layout.
    rows = sum(1 + len(entry.annexes) for entry in entries)
    front_pages, front = max(1, -(-rows // ROWS_PER_CONTENTS_PAGE)) + (1 if changes else 0), None
    for _attempt in range(4):
        total = _number_entries(entries, first_page=front_pages + 1)
        html = _front_html(
            snapshot,
            entries,
            variant=variant,
            version_number=version_number,
            changes=changes,
            previous_version=previous_version,
        )
        front = _render_cached(html, cache)
        with pikepdf.open(io.BytesIO(front)) as counted:
            actual = len(counted.pages)
        if actual == front_pages:
            break
        front_pages = actual
    dividers = [
        {
            "item_number": entry.item["number"],
            "item_title": entry.item["title"],
            "annex_number": annex["number"],
            "label": annex["label"],
            "stub": annex["source"] is None,
        }
        for entry in entries
        for annex in entry.annexes
    ]
    out = pikepdf.new()
    # Sources stay open until the bundle is saved: pikepdf copies their streams lazily.
    sources = [pikepdf.open(io.BytesIO(front))]
    out.pages.extend(sources[0].pages)
    divider_pdf = None
    if dividers:
        divider_html = render_to_string("pdf/bundle_dividers.html", {"dividers": dividers})
        divider_pdf = pikepdf.open(io.BytesIO(_render_cached(divider_html, cache)))
        sources.append(divider_pdf)
    outline_plan = []
    count = sum(len(entry.annexes) for entry in entries)
    done = 0
    divider_index = 0
    for entry in entries:
        annex_marks = []
        for annex in entry.annexes:
            annex_marks.append((annex, len(out.pages)))
            out.pages.append(divider_pdf.pages[divider_index])
            divider_index += 1
            if annex["source"] is not None:
                source = pikepdf.open(io.BytesIO(_normalised(annex["source"], open_annex, cache)))
                sources.append(source)
                if len(source.pages) != annex["pages"]:
                    raise ValueError(
                        f"Bilag {annex['number']} til punkt {entry.item['number']} har "
                        f"{len(source.pages)} sider, ikke {annex['pages']}."
                    )
                out.pages.extend(source.pages)
            done += 1
            if progress:
                progress(done, count)
        outline_plan.append((entry, annex_marks))
    if len(out.pages) != total:
        raise ValueError(f"Bilagssamlingen har {len(out.pages)} sider, ventet {total}.")
    font = out.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for index, page in enumerate(out.pages, start=1):
        _stamp(out, page, f"Bilagssamling side {index} af {total}", font)
    with out.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Indholdsfortegnelse - Bilag", 0))
        for entry, marks in outline_plan:
            node = pikepdf.OutlineItem(f"{entry.item['number']} {entry.item['title']}", marks[0][1])
            for annex, page_index in marks:
                node.children.append(
                    pikepdf.OutlineItem(f"Bilag {annex['number']}: {annex['label']}", page_index)
                )
            outline.root.append(node)
    start = _start(snapshot)
    title = f"Bilag – {snapshot['meeting']['body']} {start:%d.%m.%Y}"
    if version_number:
        title += f" – version {version_number}"
    out.Root.Lang = pikepdf.String("da")
    out.Root.PageMode = pikepdf.Name.UseOutlines
    out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = {"da"}
    out.docinfo["/Title"] = title
    buffer = io.BytesIO()
    # Streams are copied as they are (no decoding and re-compressing of every page).
    out.save(
        buffer,
        linearize=True,
        deterministic_id=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
    )
    for source in sources:
        source.close()
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)
