"""Digital signatures in an annex. A reader's copy is a new file, which no signature covers: it
shows a signature's picture, not a signature a reader can check. So an annex is checked for
signatures when it is uploaded, and where the file as it was sent harms no reader (nothing in it
runs, submits or carries a file), readers are offered that signed original beside the copy.
Pure pikepdf, no Django."""

import pikepdf
from pikepdf import Name

from meetings.publishing import safety
from meetings.publishing.objects import inherited

MAX_FIELDS = 20_000


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


def signature_count(pdf: pikepdf.Pdf) -> int:
    """How many signature fields of the form hold a signature."""
    return sum(
        1
        for field in _form_fields(pdf)
        if inherited(field, "/FT") == Name.Sig and _is_signature(field.get("/V"))
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
