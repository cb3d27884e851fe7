"""A Danish text layer for scanned annexes: OCRmyPDF with Tesseract's Danish data (Debian's
`ocrmypdf` and `tesseract-ocr-dan`), run as its own process with a time limit, so a scan that
takes too long or crashes the OCR never takes a worker with it. The copy leaves with the last
annex or version that names the scan."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from compliance.models import AnnexAccessibility, AnnexOcr

LANGUAGE = "dan"


class OcrError(Exception):
    """The scan could not be read; the message is Danish and says why."""


def ocr_available() -> bool:
    if not shutil.which("ocrmypdf") or not shutil.which("tesseract"):
        return False
    languages = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    ).stdout.split()
    return LANGUAGE in languages


def pdf_ocr(data: bytes) -> bytes:
    """The PDF with an invisible Danish text layer over every page that had none."""
    if not ocr_available():
        raise OcrError("OCR er ikke installeret på serveren (ocrmypdf og tesseract-ocr-dan).")
    timeout = getattr(settings, "OCR_TIMEOUT_SECONDS", 900)
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "scan.pdf"), Path(folder, "tekst.pdf")
        source.write_bytes(data)
        command = [
            "ocrmypdf", "--language", LANGUAGE, "--skip-text", "--output-type", "pdf",
            "--optimize", "0", "--jobs", "1", "--quiet", str(source), str(target),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            seconds = f"{timeout:g}".replace(".", ",")  # Danish decimal comma
            raise OcrError(f"OCR tog længere end {seconds} sekunder og blev stoppet.") from error
        if result.returncode != 0 or not target.exists():
            reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise OcrError(f"OCR kunne ikke læse filen (kode {result.returncode}). {reason[0]}")
        return target.read_bytes()


def ocr_copies_release(sender, released, **kwargs) -> set[str]:
    """Forget what was read from annex files that no remaining annex or version names (their
    OCR copies and accessibility facts); returns the copies' stored names for deleting
    (answers meetings' `files_released`)."""
    if not released.checksums:
        return set()
    records = AnnexOcr.objects.filter(sha256__in=released.checksums)
    names = set(records.exclude(file="").values_list("file", flat=True))
    records.delete()
    AnnexAccessibility.objects.filter(sha256__in=released.checksums).delete()
    return names


def ocr_copies_unneeded(sender, needed: set[str], before, **kwargs) -> set[str]:
    """The sweep's part: forget the OCR copies, last touched before `before`, of annex files no
    remaining annex or version names (left by a delete that raced the OCR, or made before
    deletes took them along); returns their stored names for deleting."""
    records = AnnexOcr.objects.filter(updated__lt=before).exclude(sha256__in=needed)
    names = set(records.exclude(file="").values_list("file", flat=True))
    records.delete()
    return names
