"""PDF/A-2b preservation copies for the municipalities' packs (a case system files them for the
long term): the portal's own documents, agenda and minutes, are laid out again by WeasyPrint as
PDF/A-2b; an annex is converted by Ghostscript where it can be, and otherwise stays in the pack
as it was, with the reason in the manifest. Copies are stored under names tied to a
version (documents) or to the annex's content (annexes), so eleven packs share one conversion."""

import hashlib
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kkr_portal.files import local_copy
from meetings import visibility
from meetings.models import PackageVersion, VersionDocument
from meetings.publishing import layout
from meetings.publishing.documents import attendance_lines
from meetings.publishing.layers import drop_hidden_layers

FOLDER = "bevaring"
PDFA_PART, PDFA_CONFORMANCE = "2", "B"
# The sRGB profile Debian's Ghostscript ships (package libgs-common).
ICC_PROFILE = Path("/usr/share/color/icc/ghostscript/srgb.icc")
# PDF/A needs an output intent: the colour space the document's colours are meant in.
OUTPUT_INTENT = """%%!
/ICCProfile (%(icc)s) def
[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark
[{icc_PDFA} << /N 3 >> /PUT pdfmark
[{icc_PDFA} ICCProfile (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark
[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA}
  /OutputConditionIdentifier (sRGB) >> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark
"""


@dataclass(frozen=True)
class Preserved:
    """A preservation copy's stored name, or why the original stays the only file."""

    name: str = ""
    reason: str = ""


def _pdf_facts(data_or_path) -> tuple[int, bool]:
    """(pages, declares PDF/A-2B in its XMP metadata: pdfaid:part 2, conformance B)."""
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    with pikepdf.open(source) as pdf:
        meta = pdf.open_metadata()
        declared = (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"))
        return len(pdf.pages), declared == (PDFA_PART, PDFA_CONFORMANCE)


def declares_pdfa_2b(data_or_path) -> bool:
    return _pdf_facts(data_or_path)[1]


def _store(name: str, data: bytes) -> str:
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(data))


def _laid_out_by_portal(version: PackageVersion) -> bool:
    """Whether the version's agenda and minutes are the portal's own layout; an imported old
    package keeps its original PDFs as its documents, and those are converted instead."""
    try:
        version.meeting.imported_package  # noqa: B018 (archive's row, if the meeting has one)
    except ObjectDoesNotExist:
        return True
    return False


def document_copy(
    version: PackageVersion, document: VersionDocument, audience: visibility.Audience
) -> Preserved:
    """The agenda or minutes of a version, as the audience reads it, laid out as PDF/A-2b."""
    if not _laid_out_by_portal(version):
        return converted_copy(document.file.name)
    name = f"{FOLDER}/{version.meeting.uid}/v{version.number}/{document.slug}-pdfa2b.pdf"
    if default_storage.exists(name):
        return Preserved(name=name)
    minutes = document.kind == VersionDocument.Kind.MINUTES
    # The agenda stays the agenda: decisions only in the minutes, as in the readers' copies.
    package = visibility.package_for_audience(
        visibility.frozen_package(version),
        may_see_closed=audience.sees_closed,
        decisions_public=minutes,
    )
    data = layout.agenda_pdf(
        package,
        variant=document.variant,
        version_number=version.number,
        minutes=minutes,
        attendance=attendance_lines(version.meeting) if minutes else None,
        pdf_variant="pdf/a-2b",
    )
    return Preserved(name=_store(name, data))


def converter_available() -> bool:
    return bool(shutil.which("gs")) and ICC_PROFILE.exists()


def converted_copy(stored_name: str) -> Preserved:
    """A stored PDF (an annex's reader's copy, an imported package's original) converted to
    PDF/A-2b by Ghostscript, or the reason it stays original."""
    key = hashlib.sha256(stored_name.encode()).hexdigest()
    name = f"{FOLDER}/bilag/{key}-pdfa2b.pdf"
    if default_storage.exists(name):
        return Preserved(name=name)
    failed = cache.get(f"pdfa-failed:{key}")
    if failed:
        return Preserved(reason=failed)
    if not converter_available():
        return Preserved(reason="PDF/A-konvertering er ikke installeret (Ghostscript).")
    timeout = getattr(settings, "OCR_TIMEOUT_SECONDS", 900)
    with tempfile.TemporaryDirectory(prefix="kkr-pdfa-") as folder, local_copy(stored_name) as src:
        target, intent = Path(folder, "pdfa.pdf"), Path(folder, "pdfa_def.ps")
        intent.write_text(OUTPUT_INTENT % {"icc": ICC_PROFILE})
        try:
            pages = _pdf_facts(src)[0]
            command = [
                "gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dPDFA=2",
                "-dPDFACompatibilityPolicy=1", "-sColorConversionStrategy=RGB", "-sDEVICE=pdfwrite",
                f"--permit-file-read={ICC_PROFILE}", f"-sOutputFile={target}", str(intent),
                _as_shown(src, Path(folder, "shown.pdf")),
            ]  # fmt: skip
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
            # A copy is a copy: every page there, and declared PDF/A-2b.
            ok = result.returncode == 0 and target.exists()
            ok = ok and _pdf_facts(str(target)) == (pages, True)
            reason = "" if ok else _reason(result)
        except subprocess.TimeoutExpired:
            ok, reason = False, f"Konverteringen tog mere end {timeout} sekunder."
        except Exception as error:  # pikepdf cannot read the file: nothing to convert
            ok, reason = (
                False,
                f"Kunne ikke konverteres til PDF/A-2b: filen kan ikke læses ({error}).",
            )
        if not ok:
            cache.set(f"pdfa-failed:{key}", reason, timeout=24 * 3600)
            return Preserved(reason=reason)
        return Preserved(name=_store(name, target.read_bytes()))


def _as_shown(src: str, shown: Path) -> str:
    """The file to convert: Ghostscript draws every layer, so a file with layers its author hid
    is first cleared of them (the copy shows what the file shows)."""
    with pikepdf.open(src) as pdf:
        if not drop_hidden_layers(pdf):
            return src
        pdf.save(shown)
    return str(shown)


def _reason(result) -> str:
    last = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return f"Kunne ikke konverteres til PDF/A-2b (kode {result.returncode}). {last[0]}".strip()
