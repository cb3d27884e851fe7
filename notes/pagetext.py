"""The text of each page of a PDF, for finding a note's quote in a replaced annex."""

import shutil
import subprocess
import tempfile

from django.core.files.storage import default_storage


def pdf_page_texts(data: bytes) -> list[str]:
    """One string per page (pdftotext, which separates pages with a form feed)."""
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) er ikke installeret")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-q", handle.name, "-"],
            capture_output=True,
            timeout=600,
            check=False,
        )
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def stored_pdf_page_texts(name: str) -> list[str]:
    with default_storage.open(name, "rb") as handle:
        return pdf_page_texts(handle.read())
