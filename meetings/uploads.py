"""Checks every uploaded annex on the server before anything is saved."""

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kkr_portal.files import local_copy
from meetings.publishing.bounded import inspect_bounded, upload_limits
from meetings.publishing.refusals import refusal_message
from meetings.text import format_bytes


@dataclass(frozen=True)
class Signatures:
    """What an upload's digital signatures allow (publishing/signatures.py), for a file kept as
    it was sent: readers may have it as sent where it is signed, harms no reader as it is, and
    holds no earlier revision of a page the annex no longer shows."""

    count: int = 0  # signatures that still frame their bytes in the file as sent
    active_parts: int = 0  # what in the file acts by itself (scripts, attachments)
    earlier_revisions: int = 0  # revisions with a page the file no longer shows
    stored_anew: bool = False  # kept repaired or decrypted: the signatures do not cover it
    signers: tuple[dict, ...] = ()  # as package.Signer stores them (publishing/signers.py)

    @classmethod
    def from_answer(cls, answer: dict) -> "Signatures":
        return cls(
            answer.get("signatures", 0),
            answer.get("active", 0),
            answer.get("earlier", 0),
            answer.get("stored_anew", False),
            tuple(answer.get("signers", ())),
        )

    @property
    def withheld(self) -> str:
        """Why a signed original is not for readers (a SignedOriginalWithheld value), or ""."""
        if not self.count:
            return ""
        if self.stored_anew:
            return "stored_anew"
        return "active" if self.active_parts else "earlier" if self.earlier_revisions else ""


@dataclass(frozen=True)
class InspectedPdf:
    sha256: str
    size: int
    page_count: int
    repaired: bytes | None = None  # a damaged, or empty-password encrypted, file rewritten whole
    notes: tuple[str, ...] = ()  # "repaired", "decrypted"
    signed: Signatures = Signatures()

    @property
    def keep_as_sent(self) -> bool:
        """Stored decrypted or repaired, but signed: the upload as sent is kept beside it, for
        the secretariat and (where it was only decrypted) for readers to check its signatures in:
        the copy is a new file, which they do not cover."""
        return self.repaired is not None and self.signed.count > 0


# Scanners and some case systems pad a file after its last %%EOF with NULs or spaces.
_PADDING = b"\x00 \t\r\n\x0c"


def _ends_with_eof(uploaded, size: int) -> bool:
    """Whether the last 2 KB before any padding hold %%EOF."""
    end = size
    while end > 0:
        start = max(end - 65536, 0)
        uploaded.seek(start)
        kept = len(uploaded.read(end - start).rstrip(_PADDING))
        if kept:
            uploaded.seek(max(start + kept - 2048, 0))
            return b"%%EOF" in uploaded.read(min(2048, start + kept))
        end = start
    return False


def annex_file_inspect(uploaded) -> InspectedPdf:
    """Return checksum, size and page count of a readable PDF within the limits, or raise
    ValidationError with a Danish message. The file is read in a child process with memory and
    time limits (see meetings.publishing.bounded), so a hostile file cannot harm the web process."""
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
    if not _ends_with_eof(uploaded, size):
        # A complete PDF ends with %%EOF; without it the upload or the export was cut off.
        raise ValidationError(
            _(
                "PDF-filen er ufuldstændig (den slutter for tidligt) og kan være beskadiget. "
                "Gem eller eksportér den igen, og prøv så igen."
            ),
            code="truncated",
        )
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="kkr-upload-") as folder:
        path = f"{folder}/upload.pdf"
        uploaded.seek(0)
        with open(path, "wb") as handle:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                handle.write(chunk)
        uploaded.seek(0)
        answer = inspect_bounded(
            path, mode="check", out=f"{folder}/sound.pdf", limits=upload_limits()
        )
        if not answer["ok"]:
            raise ValidationError(
                refusal_message(answer["code"], answer["params"]), code=answer["code"]
            )
        if answer["wrote"]:
            # qpdf had to reconstruct the file, or it was encrypted with an empty password: keep
            # the sound, decrypted copy, so every later reader gets it.
            repaired = Path(f"{folder}/sound.pdf").read_bytes()
            return InspectedPdf(
                sha256=hashlib.sha256(repaired).hexdigest(),
                size=len(repaired),
                page_count=answer["page_count"],
                repaired=repaired,
                notes=tuple(answer["notes"]),
                signed=Signatures.from_answer(answer),
            )
    return InspectedPdf(
        sha256=digest.hexdigest(),
        size=size,
        page_count=answer["page_count"],
        signed=Signatures.from_answer(answer),
    )


def stored_file_signatures(name: str) -> Signatures:
    """The signatures of an annex file already stored, read as an upload is: for files stored
    before uploads counted them."""
    with local_copy(name) as path:
        answer = inspect_bounded(path, mode="check", out=None, limits=upload_limits())
    return Signatures.from_answer(answer) if answer.get("ok") else Signatures()


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
