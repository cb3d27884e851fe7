"""The text of each page of a PDF, for finding a note's quote in a replaced annex: the portal's
one reading of a PDF (search/extraction.py), which keeps a hyphen of the text at a line's end
("2022-2025") as the reader's browser shows it."""

from kkr_portal.files import local_copy
from search.extraction import pdf_text, pdf_text_file


def _pages(text: str, pages: int) -> list[str]:
    return text.split("\f") if pages else []


def pdf_page_texts(data: bytes) -> list[str]:
    text, pages, _with_text = pdf_text(data)
    return _pages(text, pages)


def stored_pdf_page_texts(name: str) -> list[str]:
    with local_copy(str(name)) as path:
        text, pages, _with_text = pdf_text_file(path)
    return _pages(text, pages)
