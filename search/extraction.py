"""Text out of annex PDFs. poppler's pdftotext: measured here (bench/search_bench.py) it reads
text pages an order of magnitude faster than pure-Python pypdf, which matters for archives."""

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
