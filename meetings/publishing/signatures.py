"""Digital signatures in an annex. A reader's copy is a new file, which no signature covers: it
shows a signature's picture, not a signature a reader can check. So an annex is checked for
signatures when it is uploaded, and where the file as it was sent harms no reader (nothing in it
runs, submits or carries a file) and holds nothing the annex does not show (an earlier revision's
pages, which an update saved on top of it replaced), readers are offered that signed original
beside the copy. Pure pikepdf, no Django."""

import io
import re
import time

import pikepdf
from pikepdf import Name

from meetings.publishing import safety
from meetings.publishing.objects import inherited, page_content

MAX_FIELDS = 20_000
MAX_REVISIONS = 32
_END_OF_REVISION = re.compile(rb"%%EOF")


def _form_fields(pdf: pikepdf.Pdf):
    """Every field of the form once, however its tree loops."""
    acroform = pdf.Root.get("/AcroForm")
    if not isinstance(acroform, pikepdf.Dictionary):
        return
    fields = acroform.get("/Fields")
    stack = list(fields) if isinstance(fields, pikepdf.Array) else []
    seen = set()
    while stack and len(seen) < MAX_FIELDS:
        field = stack.pop()
        if not isinstance(field, pikepdf.Dictionary) or field.objgen in seen:
            continue
        seen.add(field.objgen)
        yield field
        kids = field.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)


def _is_signature(value) -> bool:
    """A signature dictionary: the byte ranges it covers and the signature over them. A document
    time stamp (/DocTimeStamp) proves when, not who, and is not counted."""
    return (
        isinstance(value, pikepdf.Dictionary)
        and isinstance(value.get("/ByteRange"), pikepdf.Array)
        and "/Contents" in value
        and value.get("/Type") != Name.DocTimeStamp
    )


def _signatures(pdf: pikepdf.Pdf):
    for field in _form_fields(pdf):
        value = field.get("/V")
        if inherited(field, "/FT") == Name.Sig and _is_signature(value):
            yield value


def signature_count(pdf: pikepdf.Pdf) -> int:
    """How many signature fields of the form hold a signature."""
    return sum(1 for _value in _signatures(pdf))


def _in_place(ranges, handle, size: int) -> bool:
    """Whether a signature's byte ranges still frame it: [0, a, b, c] covers the file from its
    start to the signature and from after it on, and the gap between is exactly the signature's
    hex string (<…>). A program that rewrote the file after signing moved what they point at."""
    try:
        values = [int(value) for value in ranges]
    except (TypeError, ValueError):
        return False
    if len(values) != 4:
        return False
    start, before, after, length = values
    if start != 0 or not 0 < before < after or after + length > size or length < 0:
        return False
    handle.seek(before)
    opening = handle.read(1)
    handle.seek(after - 1)
    return opening == b"<" and handle.read(1) == b">"


def signatures_in_place(pdf: pikepdf.Pdf, path: str) -> int:
    """How many signatures of the file at `path` (opened as `pdf`) still frame their bytes: the
    ones a reader's PDF program can check, if the file is handed on as it is."""
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        return sum(
            1 for value in _signatures(pdf) if _in_place(value.get("/ByteRange"), handle, size)
        )


def active_parts(pdf: pikepdf.Pdf) -> int:
    """How many things in the file act by themselves: what a reader's copy removes, and the
    actions of form fields (a field's script runs as a value is typed or shown). Counted on the
    open file, which it changes: open the file for this alone."""
    fields = sum(
        1
        for field in _form_fields(pdf)
        if "/AA" in field or ("/A" in field and not safety.is_safe_action(field["/A"]))
    )
    return fields + safety.strip_active_content(pdf)


def _page_contents(pdf: pikepdf.Pdf) -> list[bytes]:
    return [page_content(page.obj) for page in pdf.pages]


def _revision_ends(handle) -> list[int]:
    """Where each %%EOF mark of an open file ends, the file read a piece at a time."""
    ends, offset, tail = [], 0, b""
    while piece := handle.read(1 << 20):
        window = tail + piece
        start = offset - len(tail)
        ends.extend(start + mark.end() for mark in _END_OF_REVISION.finditer(window))
        tail, offset = window[-4:], offset + len(piece)
    return sorted(set(ends))


class _Prefix(io.RawIOBase):
    """The first `end` bytes of an open file, read as a file of their own, never copied whole
    (an annex may be 200 MB, and the check runs under a memory limit)."""

    def __init__(self, handle, end: int):
        super().__init__()
        self.handle, self.end, self.at = handle, end, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.at, io.SEEK_END: self.end}[whence]
        self.at = max(0, base + offset)
        return self.at

    def readinto(self, buffer) -> int:
        self.handle.seek(self.at)
        data = self.handle.read(max(0, min(len(buffer), self.end - self.at)))
        buffer[: len(data)] = data
        self.at += len(data)
        return len(data)


def earlier_revisions_hidden(pdf: pikepdf.Pdf, path: str, *, seconds: float = 2.0) -> int:
    """How many earlier revisions of the file at `path` (opened as `pdf`) have a page the file
    no longer shows. A program that saves a change incrementally (as signing does) appends it and
    leaves what was there before in the file: a deleted paragraph is still there for anyone who
    reads the file as it is. The reader's copy is written anew and has none of it.

    A revision is the file up to one of its %%EOF marks that opens whole, as it was saved (the
    first part of a linearised file, or a mark inside a stream, does not). Pages an update added
    (a signature page) and content it drew over a page (a stamp) hide nothing; a page whose
    content is gone from the file does. Read for `seconds` at most (the whole check has a few):
    what is not read through by then counts as hiding something, and the upload stands."""
    deadline = time.monotonic() + seconds
    with open(path, "rb") as handle:
        ends = _revision_ends(handle)[:-1]
        if not ends:
            return 0
        final = _page_contents(pdf)
        shown = set(final)

        def still_shown(index: int, content: bytes) -> bool:
            # As it was, or within what a page shows now (a stamp added around and after it).
            if content in shown or (index < len(final) and content in final[index]):
                return True
            return any(content in page for page in final)

        hidden = 0
        for end in ends[-MAX_REVISIONS:]:
            if time.monotonic() > deadline:
                return max(hidden, 1)
            try:
                with pikepdf.open(io.BufferedReader(_Prefix(handle, end))) as earlier:
                    pages = _page_contents(earlier)
                    if earlier.get_warnings():
                        continue  # not a revision as it was saved: read only by repairing it
            except (pikepdf.PdfError, RuntimeError, ValueError):
                continue
            if not all(still_shown(index, page) for index, page in enumerate(pages)):
                hidden += 1
    return hidden
