"""The bundle's ways around it, made in the shell (see `bundle.py`) that holds its contents pages
and a stand-in for every later page: the contents lines as links, the bookmarks with each annex's
own nested, the annexes' named destinations (written straight to the output), and the document's
title and language."""

import re
import warnings

import pikepdf

from meetings.package import Package
from meetings.publishing import layout, safety
from meetings.publishing.writer import REFERENCE


def put_pages(out: pikepdf.Pdf, at: int, pages) -> int:
    """Copy pages of another file into `out` from index `at`; returns the index after them."""
    with warnings.catch_warnings():
        # Named destinations are carried over by the bundle itself (see add_names).
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        for page in pages:
            out.pages.insert(at, page)
            at += 1
    return at


def link_contents(out: pikepdf.Pdf, front_pages: int) -> None:
    """Turn the contents lines' placeholder addresses into links to their pages, each described
    by the page it goes to, as the contents' other links already are (`layout.describe_links`)."""
    prefix = layout.PAGE_LINK_PREFIX.encode()
    for page in list(out.pages)[:front_pages]:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            uri = bytes(action.get("/URI", b"")) if isinstance(action, pikepdf.Dictionary) else b""
            if uri.startswith(prefix):
                target = int(uri[len(prefix) :])
                del annot["/A"]
                annot.Dest = pikepdf.Array([out.pages[target - 1].obj, pikepdf.Name.Fit])
                annot.Contents = layout.page_link_description(target)


def add_outline(shell, outline_plan, changes_index: int | None, pages: list[int]) -> None:
    """The bookmarks: the contents (and the list of changes), then each item with its annexes,
    each annex's own bookmarks nested under it, all open. Written straight to the output as
    text, as the named destinations are, into the shell (a `writer.Source`); `pages` holds the
    output's number of each page."""
    nodes = [("Indholdsfortegnelse - Bilag", 0, [])]
    if changes_index is not None:
        nodes.append(("Ændringer siden forrige version", changes_index, []))
    for entry, marks in outline_plan:
        annexes = [
            (f"Bilag {place.number}: {place.label}", at, _moved(tree, at + 1))
            for place, at, tree in marks
        ]
        nodes.append((f"{entry.item.number} {entry.item.title}", marks[0][1], annexes))
    writer = shell.writer
    root = writer.reserve()
    first, last, count = _write_level(writer, root, nodes, pages)
    writer.write(
        root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (first, last, count)
    )
    shell.pdf.Root.Outlines = shell.stand_in(root)


def _moved(tree, offset: int) -> list:
    """An annex's own bookmarks with their pages as the bundle's (one without a page: its first)."""
    return [
        (title, offset + (index or 0), _moved(children, offset)) for title, index, children in tree
    ]


def _write_level(writer, parent: int, nodes, pages) -> tuple[int, int, int]:
    """Write one level of bookmarks under `parent`; returns its first, its last and how many
    bookmarks are shown under the parent (all of them: every level is open)."""
    numbers = [writer.reserve() for _node in nodes]
    shown = len(nodes)
    for position, (title, index, children) in enumerate(nodes):
        links = b"/Parent %d 0 R" % parent
        if position:
            links += b" /Prev %d 0 R" % numbers[position - 1]
        if position + 1 < len(nodes):
            links += b" /Next %d 0 R" % numbers[position + 1]
        below = 0
        if children:
            first, last, below = _write_level(writer, numbers[position], children, pages)
            links += b" /First %d 0 R /Last %d 0 R" % (first, last)
        shown += below
        writer.write(
            numbers[position],
            b"<< /Title <feff%s> %s /Count %d /Dest [ %d 0 R /Fit ] >>"
            % (title.encode("utf-16-be").hex().encode(), links, below, pages[index]),
        )
    return numbers[0], numbers[-1], shown


def changes_page(front_pdf) -> int | None:
    """The page of the list of changes: its heading's bookmark, under the contents' heading."""
    found = list(safety.outline_tree(front_pdf))
    while found:
        title, index, children = found.pop(0)
        if title.startswith("Ændret siden version"):
            return index
        found.extend(children)
    return None


def add_names(shell, names: dict, pages: list[int]) -> None:
    """Keep each annex's named destinations, under names prefixed with its item and number: a
    name tree written straight to the output as text (a manual has thousands of names; as
    objects of the shell, they took a tenth of the whole bundle's time). `names` maps a name to
    its page's index in the bundle and the rest of its destination as text
    (`destination_tail`); `pages` holds the output's number of each page."""
    if not names:
        return
    entries = [
        (b"<%s>" % name.hex().encode(), b"[ %d 0 R %s ]" % (pages[page], tail))
        for name, (page, tail) in sorted(names.items())
    ]
    tree = shell.writer.tree(b"/Names", entries)
    shell.pdf.Root.Names = pikepdf.Dictionary(Dests=shell.stand_in(tree))


_DESTINATION = re.compile(rb"\[\s*\d+\s+\d+\s+R(.*)\]\s*", re.DOTALL)


def destination_tail(destination: pikepdf.Array) -> bytes:
    """What follows a destination's page (/XYZ 72 700 null, /Fit …) as text, kept once its file
    is closed; /Fit where it refers to other objects."""
    found = _DESTINATION.fullmatch(destination.unparse(resolved=True))
    tail = found[1].strip() if found else b""
    return tail if tail and not REFERENCE.search(tail) else b"/Fit"


def finish(out, package: Package, version_number) -> None:
    title = layout.bundle_title(package, version_number)
    out.Root.Lang = pikepdf.String("da")
    out.Root.PageMode = pikepdf.Name.UseOutlines
    out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = {"da"}
    out.docinfo["/Title"] = title
