"""Checks every uploaded annex on the server before anything is saved."""

import hashlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from meetings.text import format_bytes


@dataclass(frozen=True)
class InspectedPdf:
    sha256: str
    size: int
    page_count: int
    repaired: bytes | None = None  # a damaged but readable file, rewritten whole


def annex_file_inspect(uploaded) -> InspectedPdf:
    """Return checksum, size and page count of a readable, unencrypted PDF, or raise ValidationError."""
    import pikepdf

    size = uploaded.size
    limit = settings.ANNEX_MAX_BYTES
    if size == 0:
        raise ValidationError(_("Filen er tom."), code="empty")
    if size > limit:
        raise ValidationError(
            _("Filen er for stor (%(size)s). Bilag må højst fylde %(limit)s.")
            % {"size": format_bytes(size), "limit": format_bytes(limit)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(1024)
    if b"%PDF-" not in head:
        raise ValidationError(
            _("Filen er ikke en PDF-fil. Kun PDF-filer kan bruges som bilag."), code="not_pdf"
        )
    uploaded.seek(max(size - 2048, 0))
    if b"%%EOF" not in uploaded.read():
        # A complete PDF ends with %%EOF; without it the upload or the export was cut off.
        raise ValidationError(
            _(
                "PDF-filen er ufuldstændig (den slutter for tidligt) og kan være beskadiget. "
                "Gem eller eksportér den igen, og prøv så igen."
            ),
            code="truncated",
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    try:
        with pikepdf.open(uploaded) as pdf:
            encrypted = pdf.is_encrypted
            page_count = len(pdf.pages)
            for page in pdf.pages:
                # Decoding every content stream finds the missing objects of a truncated file.
                for stream in _content_streams(page):
                    stream.read_bytes()
            repaired = None
            if pdf.get_warnings() and not encrypted:
                # qpdf had to reconstruct the file (e.g. a broken cross-reference table):
                # keep the repaired copy, so every later reader gets a sound file.
                buffer = io.BytesIO()
                pdf.save(buffer)
                repaired = buffer.getvalue()
    except pikepdf.PasswordError as error:
        raise ValidationError(_encrypted_message(), code="encrypted") from error
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError, KeyError) as error:
        raise ValidationError(
            _(
                "PDF-filen kan ikke læses; den er beskadiget eller ufuldstændig. "
                "Gem eller eksportér den igen, og prøv så igen."
            ),
            code="damaged",
        ) from error
    finally:
        uploaded.seek(0)
    if encrypted:
        raise ValidationError(_encrypted_message(), code="encrypted")
    if page_count == 0:
        raise ValidationError(
            _("PDF-filen har ingen sider; den er beskadiget eller ufuldstændig."), code="damaged"
        )
    if repaired is not None:
        return InspectedPdf(
            sha256=hashlib.sha256(repaired).hexdigest(),
            size=len(repaired),
            page_count=page_count,
            repaired=repaired,
        )
    return InspectedPdf(sha256=digest.hexdigest(), size=size, page_count=page_count)


def _encrypted_message():
    return _(
        "PDF-filen er krypteret eller beskyttet med adgangskode og kan ikke samles i "
        "bilagssamlingen. Gem den uden beskyttelse, og prøv igen."
    )


def _content_streams(page):
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents, pikepdf.Array):
        return list(contents)
    return [contents]


# What file names carry that is no title: dates (08.10.21, 2023-09-01, 20230901) and where the
# file was sent ("sendt til KKR"), as in the seeds' "…2022_sendt til KKR_08.10.21".
_FILENAME_NOISE = re.compile(
    r"\b(\d{1,2}[.-]\d{1,2}[.-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d{6})\b"
    r"|\bsendt til \S+",
    re.IGNORECASE,
)


def title_from_filename(filename: str) -> str:
    """'Udkast_til_resultatkontrakt 2022_sendt til KKR_08.10.21.pdf' → 'Udkast til
    resultatkontrakt 2022'."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if "." in base:
        base = base.rsplit(".", 1)[0]
    cleaned = "".join(ch if ch.isprintable() else " " for ch in base.replace("_", " "))
    title = " ".join(_FILENAME_NOISE.sub(" ", cleaned).split()).strip(" -–,.")
    return (title or " ".join(cleaned.split()))[:300]


def safe_filename(filename: str) -> str:
    """The base name only, printable characters only, at most 200 characters, never empty."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    if len(cleaned) > 200:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (
            (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else cleaned[:200]
        )
    return cleaned or "bilag.pdf"
