"""The part of reading an annex that a hostile file could abuse, run in a child process with
memory and CPU limits (see `bounded.py`). It inspects a file under caps on pages, decoded stream
size, total decoded size and image size, and writes a sound copy (repaired, decrypted) or a
reader's copy (see `safety.py`). Pure pikepdf, no Django: the child starts fast and holds nothing
of the web process.

Run in a child forked by the waiting checker (`checker.py`), or as `python -m
meetings.publishing.inspector` with a JSON request on stdin; either answers with one JSON object:
{"ok": true, "page_count": …, "notes": […]} or {"ok": false, "code": …}.
"""

import json
import sys
import zlib

import pikepdf
from pikepdf import Name

from meetings.publishing import safety, signatures, signers
from meetings.publishing.limits import Limits
from meetings.publishing.objects import content_streams


class Refused(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _decoded_size(stream, limits: Limits) -> tuple[int, bool]:
    """Decode a stream, never holding more than the cap (Flate is inflated piece by piece);
    returns its size and whether it decoded whole. Of damaged data, what decodes before the
    damage is counted: a viewer draws that much."""
    filters = stream.get("/Filter")
    if filters == Name.FlateDecode or (
        isinstance(filters, pikepdf.Array) and len(filters) == 1 and filters[0] == Name.FlateDecode
    ):
        inflater = zlib.decompressobj()
        raw = stream.read_raw_bytes()
        size, chunk = 0, 1 << 20
        try:
            pending = inflater.decompress(raw, chunk)
            while True:
                size += len(pending)
                if size > limits.max_stream_bytes:
                    raise Refused("stream_size", limit=limits.max_stream_bytes)
                if not inflater.unconsumed_tail:
                    break
                pending = inflater.decompress(inflater.unconsumed_tail, chunk)
            return size + len(inflater.flush()), True
        except zlib.error:
            return size, False
    try:
        size = len(stream.read_bytes())
    except pikepdf.DataDecodingError:
        return 0, False
    if size > limits.max_stream_bytes:
        raise Refused("stream_size", limit=limits.max_stream_bytes)
    return size, True


class _Walker:
    """Adds up what rendering every page would decode, each shared stream counted per use."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.sizes: dict = {}
        self.costs: dict = {}
        self.open: set = set()
        self.total = 0

    def stream_size(self, stream) -> int:
        return self.stream_read(stream)[0]

    def stream_read(self, stream) -> tuple[int, bool]:
        key = stream.objgen
        if key not in self.sizes or key == (0, 0):
            self.sizes[key] = _decoded_size(stream, self.limits)
        return self.sizes[key]

    def resources_cost(self, resources) -> int:
        cost = 0
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(xobjects, pikepdf.Dictionary):
            return 0
        for _name, xobject in xobjects.items():
            if not isinstance(xobject, pikepdf.Stream):
                continue
            subtype = xobject.get("/Subtype")
            if subtype == Name.Image:
                width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
                if width * height > self.limits.max_image_pixels:
                    raise Refused("image_size", limit=self.limits.max_image_pixels)
            elif subtype == Name.Form:
                cost += self.form_cost(xobject)
        return cost

    def form_cost(self, form) -> int:
        key = form.objgen
        if key in self.costs:
            return self.costs[key]
        if key in self.open:
            raise Refused("loop")
        self.open.add(key)
        cost = self.stream_size(form) + self.resources_cost(form.get("/Resources"))
        self.open.discard(key)
        self.costs[key] = cost
        return cost

    def page(self, page) -> None:
        """Count a page; one whose content is all damaged data (not one byte of it decodes, as
        when a file cannot be decrypted) would be drawn blank, so the file is refused."""
        read = [self.stream_read(stream) for stream in content_streams(page.obj)]
        if read and not any(whole or size for size, whole in read):
            raise Refused("damaged")
        for size, _whole in read:
            self.add(size)
        self.add(self.resources_cost(safety.inherited(page.obj, "/Resources")))

    def add(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.max_total_bytes:
            raise Refused("total_size", limit=self.limits.max_total_bytes)


def _open(path: str) -> tuple[pikepdf.Pdf, bool]:
    """The file, and whether its page tree had to be mended to be read."""
    try:
        return pikepdf.open(path), False
    except pikepdf.PasswordError as error:
        raise Refused("encrypted") from error
    except pikepdf.PdfError as error:
        with open(path, "rb") as handle:
            head = handle.read(4 << 20)
        # Certificate (public-key) encryption cannot be opened without the recipient's key.
        if b"/Encrypt" in head or b"Adobe.PubSec" in head:
            raise Refused("encrypted") from error
        try:
            # Opening reads the page tree once, to push inherited attributes down; without
            # that, a tree qpdf cannot walk can still be opened and mended.
            pdf = pikepdf.open(path, inherit_page_attributes=False)
        except pikepdf.PdfError:
            raise Refused("damaged") from error
        try:
            _mend_page_tree(pdf)
            len(pdf.pages)
        except pikepdf.PdfError:
            pdf.close()
            raise Refused("damaged") from error
        return pdf, True


# What a page takes from the nodes above it when it has none of its own (ISO 32000-1, 7.7.3.4).
_INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def _mend_page_tree(pdf: pikepdf.Pdf) -> None:
    """Make the page tree one level: its pages in order, under the root.

    Some editors leave a branch they emptied listed several times, or under itself (qpdf calls it
    a loop and reads no page at all); viewers show the pages, reading each branch the first time
    only. So does this, and each page keeps what it inherited from the branches it leaves."""
    root = pdf.Root.Pages
    pages, seen = [], set()
    stack = [(root, {})]
    while stack:
        node, inherited = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        kids = node.get("/Kids")
        if node.get("/Type") == Name.Page or not isinstance(kids, pikepdf.Array):
            for key, value in inherited.items():
                if key not in node:
                    node[key] = value
            pages.append(node)
            continue
        if node.objgen in seen:
            continue
        seen.add(node.objgen)
        inherited = inherited | {key: node[key] for key in _INHERITABLE if key in node}
        stack.extend((kid, inherited) for kid in reversed(list(kids)))
    for page in pages:
        page.Parent = root
    for key in _INHERITABLE:
        if key in root:
            del root[key]
    root.Kids = pikepdf.Array(pages)
    root.Count = len(pages)


def check(pdf: pikepdf.Pdf, limits: Limits) -> int:
    """Raise Refused for a file over a limit or one that cannot be rendered; return its pages."""
    page_count = len(pdf.pages)
    if page_count == 0:
        raise Refused("no_pages")
    if page_count > limits.max_pages:
        raise Refused("pages", limit=limits.max_pages, count=page_count)
    walker = _Walker(limits)
    for page in pdf.pages:
        rotate = safety.inherited(page.obj, "/Rotate")
        if rotate is not None and int(rotate) % 90:
            raise Refused("rotate", rotate=int(rotate))
        walker.page(page)
    return page_count


def _save_checked(pdf: pikepdf.Pdf, out_path: str, page_count: int) -> None:
    """Save, then open the copy again: a copy that cannot be read back is never handed on.

    The file ID comes from the content, so the same annex always gives the same copy (and the
    same bundle, on whichever worker it is made)."""
    for options in ({"object_stream_mode": pikepdf.ObjectStreamMode.generate}, {}):
        try:
            pdf.save(out_path, deterministic_id=True, **options)
            with pikepdf.open(out_path) as again:
                if len(again.pages) == page_count:
                    return
        except pikepdf.PdfError:
            continue
    # Last resort: the pages alone, in a new file (outline and names are lost, content is not).
    fresh = pikepdf.new()
    fresh.pages.extend(pdf.pages)
    fresh.save(out_path, deterministic_id=True)


def run(request: dict) -> dict:
    limits = Limits(**request["limits"])
    path, out_path, mode = request["path"], request.get("out"), request["mode"]
    pdf, mended = _open(path)
    with pdf:
        page_count = check(pdf, limits)
        notes = []
        if pdf.is_encrypted:
            notes.append("decrypted")
        if mended or pdf.get_warnings():
            notes.append("repaired")
        wrote = False
        if mode == "reader":
            safety.reader_copy(pdf)
            _save_checked(pdf, out_path, page_count)
            wrote = True
        elif notes and out_path:
            _save_checked(pdf, out_path, page_count)
            wrote = True
        signed = signatures.signatures_in_place(pdf, path) if mode == "check" else 0
    answer = {"ok": True, "page_count": page_count, "notes": notes, "wrote": wrote}
    if signed:
        answer["signers"] = signers.read(path)
    if signed and "repaired" in notes:
        # A file that needed repair is not handed on as sent (a reader's program may not open
        # it); the repaired copy stored for everything else is one no signature covers.
        answer |= {"signatures": signed, "stored_anew": True}
    elif signed:
        # Handed on as sent (beside its decrypted copy, if it came encrypted), so its signatures
        # hold. Read on a second opening: counting what acts by itself removes it.
        try:
            with pikepdf.open(path) as again:
                earlier = signatures.earlier_revisions_hidden(again, path)
                active = signatures.active_parts(again)
        except (pikepdf.PdfError, RuntimeError, ValueError):
            # A file that cannot be read through is not handed on as it is (the upload stands).
            earlier, active = 0, 1
        answer |= {"signatures": signed, "active": active, "earlier": earlier}
    return answer


def answer(request: dict) -> dict:
    """The answer to one request: what the file is, or why it is refused."""
    try:
        return run(request)
    except Refused as refusal:
        return {"ok": False, "code": refusal.code, "params": refusal.params}
    except MemoryError:
        return {"ok": False, "code": "memory", "params": {}}
    except RecursionError:
        return {"ok": False, "code": "loop", "params": {}}
    except (
        pikepdf.PdfError, RuntimeError, ValueError, TypeError, AttributeError, KeyError, OverflowError
    ):  # fmt: skip
        return {"ok": False, "code": "damaged", "params": {}}


def main() -> None:
    sys.stdout.write(json.dumps(answer(json.loads(sys.stdin.read()))))


if __name__ == "__main__":
    main()
