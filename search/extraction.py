"""Text out of annex PDFs with poppler's pdftotext. Measured by bench/search_bench.py on annexes
rendered like the portal's own (WeasyPrint, embedded fonts): pdftotext about 400 pages/s with a
process per file, PDFium (pypdfium2) about 360, pure-Python pypdf about 11; an archive of
30,000 pages takes minutes with the first two and most of an hour with pypdf."""

import shutil
import subprocess
import tempfile

MIN_CHARS = 10  # a page with fewer characters counts as having no text layer (a scan)


def pdf_text(data: bytes) -> tuple[str, int, int]:
    """(text, pages, pages with text) of a PDF."""
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
    text = result.stdout.decode("utf-8", "replace")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    with_text = sum(1 for page in pages if len(page.strip()) >= MIN_CHARS)
    return "\n".join(page.strip() for page in pages), len(pages), with_text
