"""PDF/A-2b preservation copies for the municipalities' packs (a case system files them for the
long term): the portal's own documents, agenda and minutes, are laid out again by WeasyPrint as
PDF/A-2b; an annex is converted by OCRmyPDF (Ghostscript) where it can be, and otherwise stays
in the pack as it was, with the reason in the manifest. Copies are stored under names tied to a
version (documents) or to the annex's content (annexes), so eleven packs share one conversion."""

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kkr_portal.files import local_copy
from meetings import visibility
from meetings.models import PackageVersion, VersionDocument

FOLDER = "bevaring"
PDFA_PART, PDFA_CONFORMANCE = "2", "B"


@dataclass(frozen=True)
class Preserved:
    """A preservation copy's stored name, or why the original stays the only file."""

    name: str = ""
    reason: str = ""


def declares_pdfa_2b(data_or_path) -> bool:
    """Whether a PDF's XMP metadata declares PDF/A-2B (pdfaid:part 2, conformance B)."""
    import io

    import pikepdf

    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    with pikepdf.open(source) as pdf:
        meta = pdf.open_metadata()
        return (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == (
            PDFA_PART,
            PDFA_CONFORMANCE,
        )


def _store(name: str, data: bytes) -> str:
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(data))


def document_copy(version: PackageVersion, kind: str, audience: visibility.Audience) -> Preserved:
    """The agenda or minutes of a version, as the audience reads it, laid out as PDF/A-2b."""
    from meetings.publishing import layout
    from meetings.publishing.documents import attendance_lines

    variant = (
        VersionDocument.Variant.MEMBERS if audience.sees_closed else VersionDocument.Variant.PUBLIC
    )
    name = f"{FOLDER}/{version.meeting.uid}/v{version.number}/{kind}-{variant}-pdfa2b.pdf"
    if default_storage.exists(name):
        return Preserved(name=name)
    minutes = kind == VersionDocument.Kind.MINUTES
    # The agenda stays the agenda: decisions only in the minutes, as in the readers' copies.
    package = visibility.snapshot_for_audience(
        version.snapshot, may_see_closed=audience.sees_closed, decisions_public=minutes
    )
    data = layout.agenda_pdf(
        package,
        variant=variant,
        version_number=version.number,
        minutes=minutes,
        attendance=attendance_lines(version.meeting) if minutes else None,
        pdf_variant="pdf/a-2b",
    )
    return Preserved(name=_store(name, data))


def converter_available() -> bool:
    return bool(shutil.which("ocrmypdf") and shutil.which("gs"))


def annex_copy(stored_name: str) -> Preserved:
    """An annex (its reader's copy) converted to PDF/A-2b, or the reason it stays original."""
    key = hashlib.sha256(stored_name.encode()).hexdigest()
    name = f"{FOLDER}/bilag/{key}-pdfa2b.pdf"
    if default_storage.exists(name):
        return Preserved(name=name)
    failed = cache.get(f"pdfa-failed:{key}")
    if failed:
        return Preserved(reason=failed)
    if not converter_available():
        return Preserved(reason="PDF/A-konvertering er ikke installeret (ocrmypdf, Ghostscript).")
    timeout = getattr(settings, "OCR_TIMEOUT_SECONDS", 900)
    with tempfile.TemporaryDirectory(prefix="kkr-pdfa-") as folder, local_copy(stored_name) as src:
        target = Path(folder, "pdfa.pdf")
        # No OCR here (scans get their text layer when uploaded): pages without text stay so.
        command = [
            "ocrmypdf", "--output-type", "pdfa-2", "--skip-text", "--tesseract-timeout", "0",
            "--optimize", "0", "--jobs", "1", "--quiet", src, str(target),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
            ok = result.returncode == 0 and target.exists() and declares_pdfa_2b(str(target))
            reason = "" if ok else _reason(result)
        except subprocess.TimeoutExpired:
            ok, reason = False, f"Konverteringen tog mere end {timeout} sekunder."
        if not ok:
            cache.set(f"pdfa-failed:{key}", reason, timeout=24 * 3600)
            return Preserved(reason=reason)
        return Preserved(name=_store(name, target.read_bytes()))


def _reason(result) -> str:
    last = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return f"Kunne ikke konverteres til PDF/A-2b (kode {result.returncode}). {last[0]}".strip()
