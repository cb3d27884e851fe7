"""Hand-made PDFs in the layout of KKR's old packages: lines of text per page."""

from tests.pdfs import text_pdf


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
