"""Small real PDFs for tests, made with pikepdf (fast) — text pages, landscape pages, encrypted."""

import io

import pikepdf


def make_pdf(pages: int = 1, text: str = "Bilag", *, size=(595, 842)) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for number in range(1, pages + 1):
        pdf.add_blank_page(page_size=size)
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        line = f"{text} side {number}".encode("cp1252", "replace")
        line = line.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        page.Contents = pdf.make_stream(b"BT /F1 14 Tf 72 720 Td (" + line + b") Tj ET")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypt(data: bytes, user_password: str = "hemmelig") -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="ejer", user=user_password))
    return out.getvalue()
