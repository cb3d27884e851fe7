"""Annex PDFs for the notes tests: real text on each page (WeasyPrint, like the portal's own
PDFs), so that pdftotext and pdf.js read them as they read a real annex."""

import html
import io
from pathlib import Path

import pikepdf

# Paragraphs of a real KKR annex bundle (the seed "Indholdsfortegnelse - Bilag" of a 2023 meeting).
SEED = Path(__file__).with_name("seed_annex.txt")


def pages_pdf(pages: list[list[str]], *, font_size: float = 11) -> bytes:
    """One PDF page per entry, each holding its paragraphs."""
    from weasyprint import HTML

    body = "".join(
        '<section class="page">' + "".join(f"<p>{html.escape(p)}</p>" for p in page) + "</section>"
        for page in pages
    )
    style = (
        f"@page {{ size: A4; margin: 20mm; }} body {{ font-family: 'DejaVu Sans', sans-serif; "
        f"font-size: {font_size}pt; line-height: 1.4; }} .page {{ break-after: page; }}"
    )
    document = f'<html lang="da"><head><style>{style}</style></head><body>{body}</body></html>'
    return HTML(string=document).write_pdf()


def flowing_pdf(paragraphs: list[str], *, font_size: float = 11) -> bytes:
    """Paragraphs that flow over as many pages as they need (a re-export reflows them)."""
    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    style = (
        f"@page {{ size: A4; margin: 20mm; }} body {{ font-family: 'DejaVu Sans', sans-serif; "
        f"font-size: {font_size}pt; line-height: 1.4; }}"
    )
    document = f'<html lang="da"><head><style>{style}</style></head><body>{body}</body></html>'
    return HTML(string=document).write_pdf()


def insert_page(data: bytes, page: bytes, *, before: int) -> bytes:
    """`page`'s first page inserted before page `before` (1-based)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf, pikepdf.open(io.BytesIO(page)) as extra:
        pdf.pages.insert(before - 1, extra.pages[0])
        pdf.save(out)
    return out.getvalue()


def delete_page(data: bytes, *, number: int) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        del pdf.pages[number - 1]
        pdf.save(out)
    return out.getvalue()


def seed_paragraphs(limit: int = 60) -> list[str]:
    """Real KKR annex text: the seed's paragraphs of some length."""
    text = SEED.read_text(encoding="utf-8")
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n")]
    return [p for p in paragraphs if len(p) > 160][:limit]
