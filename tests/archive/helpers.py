"""Hand-made PDFs in the layout of KKR's old packages: lines of text per page."""

import io

import pikepdf


def text_pdf(pages: list[list[str]]) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for lines in pages:
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        ops = [b"BT /F1 10 Tf 14 TL 50 800 Td"]
        for line in lines:
            data = line.encode("cp1252", "replace")
            data = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + data + b") Tj T*")
        ops.append(b"ET")
        page.Contents = pdf.make_stream(b"\n".join(ops))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def seed_bundle(annex_pages):
    """A bundle like seeds 000/004: a contents over TWO pages (item line with the page of its
    first annex, 'Bilag N: title ..... page'), then each annex with its item stamped on top."""
    items = [(f"2.{n}", f"Sag nummer {n} om regionalpolitiske forhold") for n in range(1, 13)]
    lines, page, annexes = [], 3, []
    for number, title in items:
        lines.append(f"{number} {title}\t{page}")
        for annex_number in (1, 2):
            pages = annex_pages[(number, annex_number)]
            annex_title = f"Bilag {number} nr. {annex_number} om budget 2024"
            lines.append(f"Bilag {annex_number}: {annex_title}.....\t{page}")
            annexes.append((number, title, annex_number, annex_title, pages))
            page += pages
    contents = [
        ["Indholdsfortegnelse - Bilag", "Indholdsfortegnelse - Bilag ..... 1", *lines[:26]],
        lines[26:],
    ]
    body = []
    for number, title, _annex_number, annex_title, pages in annexes:
        for n in range(1, pages + 1):
            header = [number, title] if n == 1 else []
            body.append([*header, f"{annex_title} – side {n} af {pages}"])
    return text_pdf(contents + body), annexes


def seed_agenda():
    lines = [
        "DAGSORDEN 2022",
        "KKR NORDJYLLAND",
        "Dato: 26-08-2021 10:00",
        "Sted: Rebild Rådhus",
        "2. Regionalpolitiske sager",
    ]
    pages = [lines]
    for n in range(1, 13):
        pages.append(
            [
                f"2.{n}. Sag nummer {n} om regionalpolitiske forhold",
                f"SAG-2021-0{n:03d} ljo",
                "Baggrund",
                "Tekst.",
            ]
        )
    return text_pdf(pages)
