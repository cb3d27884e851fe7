"""The annex bundle: contents with exact, clickable page numbers, a divider before each annex,
each annex as a reader's copy (see `safety.py`), a page number on every page, bookmarks per item
and annex with each annex's own bookmarks nested under it. Written to a path one annex at a time
(see `writer.py`): an annex's file is opened, its pages stamped and written with all they use,
and closed before the next, so a worker holds one annex in memory however large the bundle."""

import contextlib
import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pikepdf
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from meetings import visibility
from meetings.package import Annex, Item, Package
from meetings.publishing import layout, navigation, safety
from meetings.publishing.bounded import inspect_bounded, render_limits
from meetings.publishing.cache import StorageCache, cache_key
from meetings.publishing.layers import Layers
from meetings.publishing.reader_source import ReaderSource, reader_source, reader_sources
from meetings.publishing.refusals import refusal_message
from meetings.publishing.stamp import stamp, stamp_font
from meetings.publishing.tagged import Structure
from meetings.publishing.writer import PdfWriter
from meetings.text import signed_by

ROWS_PER_CONTENTS_PAGE = 36


class AnnexUnusable(Exception):
    """One annex cannot be made into a reader's copy; says which and why, in Danish."""


@dataclass(eq=False)
class _Place:
    """An annex's place in the bundle: its divider's page, then its pages (none for a stub)."""

    number: int
    label: str
    source: Annex | None  # None: a stub, for an annex the variant does not include
    pages: int
    page: int = 0


@dataclass
class _Entry:
    item: Item
    annexes: list[_Place] = field(default_factory=list)
    page: int = 0


def _bundle_entries(package: Package, variant: str) -> list[_Entry]:
    entries = []
    for item in package.items():
        if not item.annexes:
            continue
        entry = _Entry(item=item)
        for annex in item.annexes:
            included = visibility.annex_in_bundle(annex, variant=variant)
            entry.annexes.append(
                _Place(
                    number=annex.number,
                    label=annex.title if included else "Lukket bilag",
                    source=annex if included else None,
                    pages=annex.page_count if included else 0,
                )
            )
        entries.append(entry)
    return entries


def _number_entries(entries, first_page: int) -> int:
    """Give each annex the page of its divider; return the bundle's total page count."""
    page = first_page
    for entry in entries:
        entry.page = page
        for place in entry.annexes:
            place.page = page
            page += 1 + place.pages
    return page - 1


def open_stored(source: ReaderSource):
    return default_storage.open(source.name, "rb")


def reader_copy_key(source: ReaderSource) -> str:
    return cache_key("reader-5", source.sha256)


def reader_copy_ensure(source: ReaderSource, cache, *, label: str, open_source=open_stored) -> str:
    """Make (once per file) the reader's copy of `source` (see `reader_source`: the searchable
    copy of a scan, when OCR made one) in the cache; returns its cache key.

    The copy is made in a child process with the upload check's caps, so one hostile or broken
    annex costs the worker seconds and an explanation, never the whole package. Asks nothing of
    the database, so copies can be made in threads."""
    key = reader_copy_key(source)
    if cache.name(key) is not None:
        return key
    with tempfile.TemporaryDirectory(prefix="kkr-annex-") as folder:
        copied = f"{folder}/source.pdf"
        with open_source(source) as handle, open(copied, "wb") as target:
            shutil.copyfileobj(handle, target, 1 << 20)
        answer = inspect_bounded(
            copied, mode="reader", out=f"{folder}/reader.pdf", limits=render_limits()
        )
        if not answer["ok"]:
            raise AnnexUnusable(
                _("%(annex)s kan ikke samles: %(reason)s")
                % {
                    "annex": label,
                    "reason": refusal_message(answer["code"], answer["params"]),
                }
            )
        cache.put_file(key, f"{folder}/reader.pdf")
    return key


def reader_copy_name(annex: Annex) -> str:
    """The storage name of an annex's reader's copy (what readers download), made if missing."""
    cache = StorageCache()
    source = reader_source(annex.file, annex.sha256)
    return cache.name(reader_copy_ensure(source, cache, label=annex.title))


def _annex_label(entry: _Entry, place: _Place) -> str:
    return _("Bilag %(annex)s til punkt %(item)s »%(title)s«") % {
        "annex": place.number,
        "item": entry.item.number,
        "title": place.label,
    }


def _front(package, entries, *, variant, version_number, changes, cache):
    """Lay out the contents until its length is stable; a good first guess spares a second layout."""
    rows = sum(1 + len(entry.annexes) for entry in entries) + (1 if changes else 0)
    front_pages = max(1, -(-rows // ROWS_PER_CONTENTS_PAGE)) + (1 if changes else 0)
    for _attempt in range(4):
        total = _number_entries(entries, first_page=front_pages + 1)
        html = layout.front_html(
            package, entries, variant=variant, version_number=version_number,
            changes=changes, changes_page=None,
        )  # fmt: skip
        front = layout.render_cached(html, cache)
        with pikepdf.open(io.BytesIO(front)) as counted:
            actual = len(counted.pages)
        if actual == front_pages:
            return front, total
        front_pages = actual
    raise ValueError("Indholdsfortegnelsens længde stabiliserer sig ikke.")


@dataclass
class _Annexed:
    """What the bundle keeps of an annex besides its pages, read before they move: the page
    count, its bookmarks and its named destinations, both by page index."""

    pages: int
    tree: list
    names: dict

    @classmethod
    def read(cls, pdf: pikepdf.Pdf) -> "_Annexed":
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        names, named = {}, safety.named_destinations(pdf)
        for name, dest in named.items():
            if isinstance(dest, pikepdf.Dictionary):
                dest = dest.get("/D")
            if (
                isinstance(dest, pikepdf.Array)
                and len(dest)
                and isinstance(dest[0], pikepdf.Dictionary)
                and dest[0].objgen in index
            ):
                names[name] = (index[dest[0].objgen], navigation.destination_tail(dest))
        return cls(len(pdf.pages), safety.outline_tree(pdf, pages=index, named=named), names)


def _divider(entry: _Entry, place: _Place) -> dict:
    """What an annex's divider page says: where it stands, and what its reader's copy cannot
    carry (its signatures, publishing/signatures.py)."""
    source = place.source
    signed = source is not None and source.signatures > 0
    return {
        "item_number": entry.item.number,
        "item_title": entry.item.title,
        "annex_number": place.number,
        "label": place.label,
        "stub": source is None,
        "signed_by": signed_by(source.signatures, source.signers) if signed else "",
        "signed_original": signed and source.signed_original,
    }


def bundle_pdf(
    package: Package,
    *,
    variant: str,
    out_path: str,
    version_number: int | None = None,
    changes: list[str] | None = None,
    cache,
    open_source: Callable = open_stored,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the annex bundle of an already filtered package to out_path; returns its pages."""
    entries = _bundle_entries(package, variant)
    places = [(entry, place) for entry in entries for place in entry.annexes]
    included = [place for _entry, place in places if place.source is not None]
    found = reader_sources((place.source.file, place.source.sha256) for place in included)
    sources, keys = dict(zip(included, found, strict=True)), {}
    for done, (entry, place) in enumerate(places, start=1):
        if place.source is not None:
            keys[place] = reader_copy_ensure(
                sources[place], cache, open_source=open_source, label=_annex_label(entry, place)
            )
        if progress:
            progress(done, len(places))
    front, total = _front(
        package, entries, variant=variant, version_number=version_number, changes=changes,
        cache=cache,
    )  # fmt: skip
    dividers = [_divider(entry, place) for entry, place in places]
    writer = PdfWriter(out_path)
    page_tree, catalogue = writer.reserve(), writer.reserve()
    kids: list[int] = []
    structure, layers = Structure(writer), Layers(writer)
    parts = [writer.reserve() for _place in places]

    def label(number: int) -> str:
        return f"Bilagssamling side {number} af {total}"

    def stamped(pdf, source, page, font) -> None:
        stamp(pdf, page, label(len(kids) + 1), font, around=structure.content_marks(page))
        kids.append(source.take(page.obj.objgen))

    with contextlib.ExitStack() as opened:
        opened.callback(writer.close)
        front_pdf = opened.enter_context(pikepdf.open(io.BytesIO(front)))
        safety.resolve_named_links(front_pdf)
        changes_index = navigation.changes_page(front_pdf) if changes else None
        # The shell: the contents pages, then a stand-in page for every later page, so that the
        # contents' links, the bookmarks and the named destinations can point at each page.
        shell_pdf = opened.enter_context(pikepdf.new())
        front_pages = navigation.put_pages(shell_pdf, 0, front_pdf.pages)
        for _index in range(front_pages, total):
            shell_pdf.add_blank_page()
        navigation.link_contents(shell_pdf, front_pages)
        shell = writer.source(shell_pdf)
        structure.begin(shell, front_pdf, front_pages, parts)
        font = stamp_font(shell_pdf)
        for page in shell_pdf.pages[:front_pages]:
            stamped(shell_pdf, shell, page, font)
        if dividers:
            html = layout.dividers_html(dividers)
            divider_pdf = opened.enter_context(
                pikepdf.open(io.BytesIO(layout.render_cached(html, cache)))
            )
            divider_source = writer.source(divider_pdf)
            divider_source.redirect_page_tree(page_tree)
            heads = structure.divider_heads(divider_source, parts)
            # All stamped before any is written: the dividers share their resources.
            divider_font = stamp_font(divider_pdf)
            for (_entry, place), page in zip(places, divider_pdf.pages, strict=True):
                stamp(divider_pdf, page, label(place.page), divider_font)
        names = {}
        outline_plan, marks, current = [], [], None
        for divider_index, (entry, place) in enumerate(places):
            if entry is not current:
                if current is not None:
                    outline_plan.append((current, marks))
                current, marks = entry, []
            divider_at = len(kids)
            kids.append(divider_source.take(divider_pdf.pages[divider_index].obj.objgen))
            divider_source.write_pending()
            tree, tags, language = [], [], None
            title = f"Bilag {place.number}: {place.label}"
            if place.source is not None:
                annex, tags, language = _write_annex(
                    writer, cache.open(keys[place]), page_tree, stamped,
                    structure=structure, part=parts[divider_index], layers=layers, title=title,
                )  # fmt: skip
                if annex.pages != place.pages:
                    raise AnnexUnusable(
                        _("%(annex)s har %(actual)s sider, ikke %(expected)s.")
                        % {
                            "annex": _annex_label(entry, place),
                            "actual": annex.pages,
                            "expected": place.pages,
                        }
                    )
                tree = annex.tree
                prefix = f"bilag-{entry.item.number}-{place.number}-".encode()
                for name, (index, tail) in annex.names.items():
                    names[prefix + name] = (divider_at + 1 + index, tail)
            marks.append((place, divider_at, tree))
            structure.part(parts[divider_index], title, language, heads[divider_index] + tags)
        if current is not None:
            outline_plan.append((current, marks))
        if len(kids) != total:
            raise ValueError(f"Bilagssamlingen har {len(kids)} sider, ventet {total}.")
        navigation.add_outline(shell, outline_plan, changes_index, kids)
        navigation.add_names(shell, names, kids)
        navigation.finish(shell_pdf, package, version_number)
        structure.end()
        layers.finish(shell)
        if writer.version != writer.header:
            shell_pdf.Root.Version = pikepdf.Name("/" + writer.version)
        shell.redirect(shell_pdf.Root.Pages.objgen, page_tree)
        for index in range(front_pages, total):
            shell.redirect(shell_pdf.pages[index].obj.objgen, kids[index])
        shell.take(shell_pdf.Root.objgen, catalogue)
        info = shell.take(shell_pdf.trailer.Info.objgen)
        shell.write_pending()
        pages = b" ".join(b"%d 0 R" % kid for kid in kids)
        writer.write(page_tree, b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (pages, total))
        writer.finish(root=catalogue, info=info)
    return total


def _write_annex(
    writer: PdfWriter, handle, page_tree: int, stamped, *, structure, part: int, layers, title
):
    """Write an annex's pages (stamped) and all they use, its tags under its part, its layers
    under its title; the file is closed afterwards, so the next annex starts from an empty
    memory. Returns what the bundle keeps of it, its top elements and its language."""
    with handle, pikepdf.open(handle) as pdf:
        annex = _Annexed.read(pdf)
        source = writer.source(pdf)
        source.redirect_page_tree(page_tree)
        tags, language = structure.annex(source, part)
        layers.annex(source, title)
        font = stamp_font(pdf)
        for page in pdf.pages:
            stamped(pdf, source, page, font)
        source.write_pending()
    return annex, tags, language


def page_count(path: str) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)
