"""Text out of annex PDFs with poppler's pdftotext: its words in reading order, read into lines
by search/pdflines.py. Measured by bench/search_bench.py on annexes rendered like the portal's
own (WeasyPrint, embedded fonts): this reading about 185 pages/s with a process per file,
pdftotext's own text about 500 (it runs words into one at a line's hyphen), PDFium (pypdfium2)
about 360, pure-Python pypdf about 15; an archive of 30,000 pages takes minutes with the first
three and most of an hour with pypdf."""

import resource
import shutil
import subprocess
import tempfile
from typing import NamedTuple

import pikepdf
from django.conf import settings

from meetings.publishing.layers import hidden_layer_names, show_every_layer
from search import pdflines

WORDS = ["pdftotext", "-tsv", "-enc", "UTF-8", "-q"]  # each word, its line and place
MIN_CHARS = 10  # a page with fewer characters counts as having no text layer (a scan)


def _limit_child():
    """The worker's caps for one annex: a hostile file costs seconds, never the worker."""
    memory = settings.RENDER_ANNEX_MEMORY_BYTES
    seconds = settings.RENDER_ANNEX_CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class PdfText(NamedTuple):
    text: str  # the pages' text, apart (form feed): a finding in it can name its page
    pages: int
    with_text: int  # pages with text (the others are scans)
    furniture: list[str]  # what stands on page after page (search/furniture.py)


def pdf_text(data: bytes, *, apart: bool = True) -> PdfText:
    """The text of a PDF."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return pdf_text_file(handle.name, apart=apart)


def pdf_text_file(path: str, *, apart: bool = True) -> PdfText:
    """The text of a PDF file (a stored one: kkr_portal.files.local_copy),
    the text of every layer included: a layer its author hid is still in the file, for any
    reader to turn on, so it is searched and checked for personal data like the rest.
    `apart`: each page's furniture after its own text (search/pdflines.py); without, a page's
    text is the same whatever the other pages hold."""
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) er ikke installeret")
    with tempfile.TemporaryDirectory(prefix="kkr-text-") as folder:
        return _pdftotext(_every_layer_shown(path, f"{folder}/shown.pdf"), apart)


def hidden_layers_of_file(path: str) -> list[str]:
    """The names of the layers a file's author turned off (they go out with the file)."""
    try:
        with pikepdf.open(path) as pdf:
            return hidden_layer_names(pdf)
    except (pikepdf.PdfError, pikepdf.PasswordError):
        return []


def _every_layer_shown(path: str, shown: str) -> str:
    try:
        with pikepdf.open(path) as pdf:
            if not show_every_layer(pdf):
                return path
            pdf.save(shown)
    except (pikepdf.PdfError, pikepdf.PasswordError):
        return path  # pdftotext reads what it can
    return shown


def _pdftotext(path: str, apart: bool) -> PdfText:
    try:
        result = subprocess.run(
            [*WORDS, "-l", str(settings.ANNEX_MAX_PAGES), path, "-"],
            capture_output=True,
            preexec_fn=_limit_child,
            timeout=settings.RENDER_ANNEX_CPU_SECONDS * 2,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return PdfText("", 0, 0, [])  # over the worker's time limit: it stays unsearchable
    pages, furniture = pdflines.pages(result.stdout.decode("utf-8", "replace"), apart=apart)
    with_text = sum(1 for page in pages if len(page.strip()) >= MIN_CHARS)
    return PdfText("\f".join(page.strip() for page in pages), len(pages), with_text, furniture)
