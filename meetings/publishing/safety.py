"""What a reader's copy of an annex keeps and loses: form values are drawn into the page, links
to pages and the web keep working, and anything that acts by itself (scripts, launching programs,
sending or importing form data, attachments, XFA) is removed. Pure pikepdf, no Django."""

import re

import pikepdf
from pikepdf import Name

from meetings.publishing.fields import draw_left_to_viewer
from meetings.publishing.objects import inherited, page_content
from meetings.publishing.sharing import share_identical_resources

SAFE_URI_SCHEMES = ("http:", "https:", "mailto:")
# Annotation kinds that carry or play content rather than point somewhere.
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"}
MAX_OUTLINE_ITEMS = 20_000
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def is_safe_action(action) -> bool:
    """A link to a page of this document, a web page or an e-mail address; nothing else."""
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = action.get("/S")
    if kind == Name.GoTo:
        return True
    if kind == Name.URI:
        uri = action.get("/URI")
        text = bytes(uri).decode("latin-1").strip().lower() if uri is not None else ""
        return text.startswith(SAFE_URI_SCHEMES)
    return False


def _clean_action_holder(holder) -> int:
    """Drop an unsafe /A, the /Next chain of a safe one (a safe link is one action) and /AA;
    return how many were dropped. (An outline item's own /Next is its next sibling and stays.)"""
    dropped = 0
    if "/AA" in holder:
        del holder["/AA"]
        dropped += 1
    action = holder.get("/A")
    if action is None:
        return dropped
    if is_safe_action(action):
        if "/Next" in action:
            del action["/Next"]
            dropped += 1
    else:
        del holder["/A"]
        dropped += 1
    return dropped


def flatten_forms(pdf: pikepdf.Pdf) -> None:
    """Draw every form field's value into its page, then drop the form: what a reader sees is
    what was filled in, and nothing is left to submit. Links are kept as links."""
    if "/AcroForm" not in pdf.Root:
        return
    draw_left_to_viewer(pdf)
    kept = []
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            kept.append(None)
            continue
        others = [
            a
            for a in annots
            if isinstance(a, pikepdf.Dictionary) and a.get("/Subtype") != Name.Widget
        ]
        widgets = [
            a
            for a in annots
            if isinstance(a, pikepdf.Dictionary) and a.get("/Subtype") == Name.Widget
        ]
        page.obj.Annots = pdf.make_indirect(pikepdf.Array(widgets))
        kept.append(others)
    pdf.flatten_annotations("all")
    for page, others in zip(pdf.pages, kept, strict=True):
        if others is None:
            continue
        if others:
            page.obj.Annots = pikepdf.Array(others)
        elif "/Annots" in page.obj:
            del page.obj["/Annots"]
    if "/AcroForm" in pdf.Root:
        del pdf.Root["/AcroForm"]


def strip_active_content(pdf: pikepdf.Pdf) -> int:
    """Remove everything that runs, launches, submits, imports or carries a file; return how
    many such things there were (none: the file as it is harms no reader)."""
    dropped = 0
    root = pdf.Root
    opening = root.get("/OpenAction")
    if opening is not None:
        # Where to open (a page, a view) acts on nothing; anything else (a script, a web
        # page opened by itself) counts.
        goes_to = isinstance(opening, pikepdf.Dictionary) and opening.get("/S") == Name.GoTo
        dropped += not (isinstance(opening, pikepdf.Array) or goes_to)
        del root["/OpenAction"]
    for key in ("/AA", "/JavaScript"):
        if key in root:
            del root[key]
            dropped += 1
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations"):
            if key in names:
                del names[key]
                dropped += 1
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        del acroform["/XFA"]
        dropped += 1
    for page in pdf.pages:
        if "/AA" in page.obj:
            del page.obj["/AA"]
            dropped += 1
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        kept = []
        for annot in annots:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            if annot.get("/Subtype") in ACTIVE_ANNOTATIONS:
                dropped += 1
                continue
            dropped += _clean_action_holder(annot)
            kept.append(annot)
        page.obj.Annots = pikepdf.Array(kept)
    for item in outline_items(pdf):
        dropped += _clean_action_holder(item)
    return dropped


def outline_items(pdf: pikepdf.Pdf):
    """Every outline item once, in reading order, however the outline loops or nests."""
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return []
    seen, found = set(), []

    def walk(first, depth):
        node = first
        while isinstance(node, pikepdf.Dictionary) and len(found) < MAX_OUTLINE_ITEMS:
            key = node.objgen
            if key in seen or depth > 50:
                return
            seen.add(key)
            found.append(node)
            walk(node.get("/First"), depth + 1)
            node = node.get("/Next")

    walk(outlines.get("/First"), 0)
    return found


def destination_of(pdf: pikepdf.Pdf, holder, named: dict):
    """The explicit destination ([page /XYZ …]) an outline item or link points to, or None."""
    dest = holder.get("/Dest")
    if dest is None:
        action = holder.get("/A")
        if isinstance(action, pikepdf.Dictionary) and action.get("/S") == Name.GoTo:
            dest = action.get("/D")
    if isinstance(dest, pikepdf.Name | pikepdf.String):
        dest = named.get(_name_key(dest))
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, pikepdf.Array) and len(dest) >= 1:
        return dest
    return None


def _name_key(value) -> bytes:
    return str(value).encode("utf-8") if isinstance(value, pikepdf.Name) else bytes(value)


def named_destinations(pdf: pikepdf.Pdf) -> dict:
    """Name → destination, from the old /Dests dictionary and the /Names /Dests tree."""
    found = {}
    old = pdf.Root.get("/Dests")
    if isinstance(old, pikepdf.Dictionary):
        for key, value in old.items():
            found[key.encode("utf-8")] = value
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and isinstance(
        names.get("/Dests"), pikepdf.Dictionary
    ):
        try:
            for key, value in pikepdf.NameTree(names.Dests).items():
                found[key.encode("utf-8") if isinstance(key, str) else bytes(key)] = value
        except (pikepdf.PdfError, RuntimeError, ValueError):
            pass
    return found


def resolve_named_links(pdf: pikepdf.Pdf) -> dict:
    """Point every link and outline item at its page directly, so that it keeps working when the
    pages move into a bundle whose catalogue does not hold this file's names. Returns the names."""
    named = named_destinations(pdf)
    if not named:
        return named
    holders = [
        a
        for page in pdf.pages
        for a in page.obj.get("/Annots", [])
        if isinstance(a, pikepdf.Dictionary)
    ]
    for holder in holders + outline_items(pdf):
        dest = destination_of(pdf, holder, named)
        if dest is None:
            continue
        if "/Dest" in holder:
            holder.Dest = dest
        elif isinstance(holder.get("/A"), pikepdf.Dictionary) and holder.A.get("/S") == Name.GoTo:
            holder.A.D = dest
    return named


class _Discard(pikepdf.StreamParser):
    def handle_object(self, *_args):
        pass

    def handle_eof(self):
        pass


def repair_page_content(pdf: pikepdf.Pdf) -> None:
    """Rewrite the content of pages that end mid-object (an unclosed array, dictionary or inline
    image): viewers would swallow whatever follows, the bundle's page number included. qpdf
    warns of such a page as it parses it (as `qpdf --check` does, without its other checks)."""
    pdf.get_warnings()  # read, and so forgotten: what follows is the parsing's own
    for page in pdf.pages:
        try:
            page.parse_contents(_Discard())
        except pikepdf.PdfError:
            pdf.get_warnings()
            continue  # nothing to parse, nothing to rewrite from
        if pdf.get_warnings():
            operations = pikepdf.parse_content_stream(page)
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


_SAVE_RESTORE = re.compile(rb"(?<![^\s\]\)>])([qQ])(?=[\s\[\(/<]|$)")


def close_graphics_states(pdf: pikepdf.Pdf) -> None:
    """Close the graphics states a page leaves open (more q than Q), so that what the bundle
    adds after the page's content (the page number) is drawn where it should be."""
    for page in pdf.pages:
        try:
            data = page_content(page.obj)
        except pikepdf.PdfError:
            continue
        marks = _SAVE_RESTORE.findall(data)
        if marks.count(b"q") <= marks.count(b"Q"):
            continue
        # A cheap count can be fooled by text; the parser decides.
        depth = 0
        for operation in pikepdf.parse_content_stream(page):
            operator = str(operation.operator)
            depth = (
                depth + 1 if operator == "q" else max(0, depth - 1) if operator == "Q" else depth
            )
        if depth:
            page.contents_add(pdf.make_stream(b"\n" + b"Q " * depth), prepend=False)


def reader_copy(pdf: pikepdf.Pdf) -> None:
    """Make an opened annex fit to hand to a reader (in place)."""
    repair_page_content(pdf)
    close_graphics_states(pdf)
    resolve_named_links(pdf)
    flatten_forms(pdf)
    strip_active_content(pdf)
    for page in pdf.pages:
        for key in INHERITABLE:
            if key not in page.obj:
                value = inherited(page.obj, key)
                if value is not None:
                    page.obj[key] = value
        rotate = int(page.obj.get("/Rotate", 0))
        if rotate % 90:
            # Refused at upload; a file stored before that rule is shown upright-ish, not lost.
            page.obj.Rotate = round(rotate / 90) * 90 % 360
    share_identical_resources(pdf)


def outline_tree(pdf: pikepdf.Pdf, *, pages: dict | None = None, named: dict | None = None) -> list:
    """The file's own bookmarks as (title, page index, children), loops and bad targets dropped.
    `pages` (each page's index by its object) and `named` are read from the file if not given."""
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return []
    if pages is None:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    if named is None:
        named = named_destinations(pdf)
    seen = set()

    def walk(first, depth):
        nodes, node = [], first
        while isinstance(node, pikepdf.Dictionary) and len(seen) < MAX_OUTLINE_ITEMS:
            if node.objgen in seen or depth > 20:
                break
            seen.add(node.objgen)
            dest = destination_of(pdf, node, named)
            target = dest[0] if dest is not None else None
            index = pages.get(target.objgen) if isinstance(target, pikepdf.Dictionary) else None
            if index is None and isinstance(target, int) and 0 <= int(target) < len(pages):
                index = int(target)
            title = node.get("/Title")
            text = str(title) if isinstance(title, pikepdf.String) else ""
            children = walk(node.get("/First"), depth + 1)
            if index is not None or children:
                nodes.append((" ".join(text.split())[:300] or "–", index, children))
            node = node.get("/Next")
        return nodes

    return walk(outlines.get("/First"), 0)
