"""The text of each page of a PDF, for finding a note's quote in a replaced annex: the portal's
one reading of a PDF (search/extraction.py), which keeps a hyphen of the text at a line's end
("2022-2025") as the reader's browser shows it. A running head stays where it stands: a page's
text does not change with the pages around it, which a new version may add or take away."""

from kkr_portal.files import local_copy
from search.extraction import PdfText, pdf_text, pdf_text_file


def _pages(read: PdfText) -> list[str]:
    return read.text.split("\f") if read.pages else []


def pdf_page_texts(data: bytes) -> list[str]:
    return _pages(pdf_text(data, apart=False))


def stored_pdf_page_texts(name: str) -> list[str]:
    with local_copy(str(name)) as path:
        return _pages(pdf_text_file(path, apart=False))
