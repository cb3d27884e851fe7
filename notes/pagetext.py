"""The text of each page of a PDF, for finding a note's quote in a replaced annex."""

import shutil
import subprocess
import tempfile

from kkr_portal.files import local_copy


def pdf_page_texts(data: bytes) -> list[str]:
    """One string per page (pdftotext, which separates pages with a form feed)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return pdf_file_page_texts(handle.name)


def pdf_file_page_texts(path: str) -> list[str]:
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) er ikke installeret")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-q", path, "-"],
        capture_output=True,
        timeout=600,
        check=False,
    )
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def stored_pdf_page_texts(name: str) -> list[str]:
    with local_copy(str(name)) as path:
        return pdf_file_page_texts(path)
