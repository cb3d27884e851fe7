"""Re-anchoring over real PDFs: third-party PDFs from the annex corpus (tests/annexes/corpus)
with a page inserted and a page deleted, and real KKR annex text (the seed) re-exported with
another font size, which reflows every page. Each quote is taken as a reader would select it
(eight words with their context); the test prints how many of N quotes are found on the right page
and requires all of them for inserted and deleted pages, nearly all after a reflow."""

from pathlib import Path

import pytest

from notes.anchoring import Quote, normalize, quote_find_in_pages
from notes.pagetext import pdf_page_texts
from tests.notes.pdfs import delete_page, flowing_pdf, insert_page, pages_pdf, seed_paragraphs

CORPUS = Path(__file__).resolve().parents[1] / "annexes" / "corpus"
# The corpus's PDFs with enough distinct text for quotes on every page.
REAL_PDF = "pypdf-indirect-rotation.pdf"
WORDS = 8
CONTEXT = 32


def _compact(text: str) -> str:
    # Without spaces and dashes: pdftotext drops a hyphen at a line's end and list bullets move
    # when lines break elsewhere, so the truth is judged on the letters alone.
    return "".join(text.split()).replace("-", "")


def sample_quotes(pages: list[str], per_page: int = 6) -> list[tuple[int, Quote]]:
    """Quotes spread over every page, each unique in the document."""
    whole = _compact(" ".join(pages))
    quotes = []
    for number, raw in enumerate(pages, start=1):
        text = normalize(raw)
        words = text.split(" ")
        step = max(1, (len(words) - WORDS) // per_page)
        for first in range(0, max(1, len(words) - WORDS), step)[:per_page]:
            exact = " ".join(words[first : first + WORDS])
            if len(exact) < 25 or whole.count(_compact(exact)) != 1:
                continue
            start = text.find(exact)
            quote = Quote(
                exact,
                prefix=text[max(0, start - CONTEXT) : start],
                suffix=text[start + len(exact) : start + len(exact) + CONTEXT],
                position=start,
            )
            quotes.append((number, quote))
    return quotes


def refound(quotes, new_pages, expected_page) -> tuple[int, int]:
    """(found on the expected page, quotes with an expected page); a quote expected nowhere
    counts as right when it is not found."""
    right = 0
    for page, quote in quotes:
        hit = quote_find_in_pages(new_pages, quote, near_page=page)
        want = expected_page(page, quote)
        if (hit is None and want is None) or (hit is not None and hit.page in (want or ())):
            right += 1
    return right, len(quotes)


def _report(label, right, total):
    print(f"re-anchoring, {label}: {right} of {total} quotes re-found on the right page")


def _seed_annex():
    return flowing_pdf(seed_paragraphs(40), font_size=10)


@pytest.mark.parametrize("name", [REAL_PDF, "seed"])
def test_a_page_inserted_or_deleted_in_a_real_pdf(name):
    original = _seed_annex() if name == "seed" else (CORPUS / name).read_bytes()
    pages = pdf_page_texts(original)
    quotes = sample_quotes(pages, per_page=6 if name == "seed" else 25)
    assert len(quotes) >= 10

    extra = pages_pdf([["Rettelsesblad indsat foran side 2 af sekretariatet."]])
    inserted = pdf_page_texts(insert_page(original, extra, before=2))
    right, total = refound(quotes, inserted, lambda p, q: (p if p < 2 else p + 1,))
    _report(f"{name}, a page inserted before page 2", right, total)
    assert right == total

    deleted = pdf_page_texts(delete_page(original, number=2))
    right, total = refound(
        quotes, deleted, lambda p, q: None if p == 2 else (p if p < 2 else p - 1,)
    )
    _report(f"{name}, page 2 deleted (its quotes to the tray)", right, total)
    # The one allowed miss is a running header ("No. 2 2nd Edition …") whose deleted page's quote
    # matches the neighbour's ("No. 1 …") with the same words around it: ambiguous even to a reader.
    assert right >= total - 1


def test_real_annex_text_reflowed_with_another_font_size():
    original = pdf_page_texts(_seed_annex())
    reflowed = pdf_page_texts(flowing_pdf(seed_paragraphs(40), font_size=13))
    assert len(reflowed) > len(original) >= 5
    quotes = sample_quotes(original, per_page=30)
    compact_pages = [_compact(page) for page in reflowed]

    def where_now(page, quote):
        # The truth from the reflowed text itself; a quote broken over two pages may go to either.
        wanted = _compact(quote.exact)
        pages = {n for n, text in enumerate(compact_pages, start=1) if wanted in text}
        if not pages:
            joined = [compact_pages[i] + compact_pages[i + 1] for i in range(len(reflowed) - 1)]
            pages = {i + 1 for i, text in enumerate(joined) if wanted in text}
            pages |= {page + 1 for page in pages}
        return tuple(pages)

    right, total = refound(quotes, reflowed, where_now)
    _report(
        f"seed annex, {len(original)} pages at 10 pt reflowed to {len(reflowed)} at 13 pt",
        right,
        total,
    )
    assert total >= 100
    assert right / total >= 0.95
