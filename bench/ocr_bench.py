"""OCR of scanned Danish annexes: pages per second on this machine. A five-page scan is made
the way a scanner would (Danish text set by WeasyPrint, rasterised at 300 dpi by pdftoppm and
wrapped as an image-only PDF), then read with the portal's OCR step (OCRmyPDF, tesseract-ocr-dan),
and the share of the Danish words that came back is printed next to the speed."""

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

PAGES = 5
PARAGRAPH = (
    "KKR Nordjylland anbefaler, at kommunerne i Nordjylland fastholder samarbejdet om "
    "lærepladser på social- og sundhedsområdet. Fordelingen af praktikpladser sker efter "
    "andelen af beskæftigede i hver kommune, og sekretariatet følger op på målene i 2024. "
)


def scanned(pages: int, folder: Path) -> bytes:
    from PIL import Image
    from weasyprint import HTML

    body = "".join(
        f"<section style='break-after:page'><h1>Side {n}</h1><p>{PARAGRAPH * 6}</p></section>"
        for n in range(1, pages + 1)
    )
    HTML(
        string=f"<html lang='da'><body style='font:12pt DejaVu Serif'>{body}</body></html>"
    ).write_pdf(folder / "tekst.pdf")
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(folder / "tekst.pdf"),
                    str(folder / "side")], check=True)  # fmt: skip
    images = [Image.open(path) for path in sorted(folder.glob("side*.png"))]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=300, save_all=True, append_images=images[1:])
    return out.getvalue()


def main():
    import django

    django.setup()
    from compliance.ocr import ocr_available, pdf_ocr
    from search.extraction import pdf_text

    if not ocr_available():
        print("OCR: ocrmypdf/tesseract-ocr-dan not installed; nothing measured")
        return
    with tempfile.TemporaryDirectory() as folder:
        data = scanned(PAGES, Path(folder))
    started = time.perf_counter()
    readable = pdf_ocr(data)
    seconds = time.perf_counter() - started
    text, pages, with_text, _furniture = pdf_text(readable)
    words = set(PARAGRAPH.replace(",", "").replace(".", "").split())
    found = {word for word in words if word in text}
    print(f"OCR (Danish, 300 dpi, {pages} pages): {seconds:.1f} s, "
          f"{pages / seconds:.2f} pages/s; pages with text {with_text}/{pages}; "
          f"words recognised {len(found)}/{len(words)}")  # fmt: skip


if __name__ == "__main__":
    main()
