"""The bundle's page number. It is written in a strip added below each page as the reader sees
it (the page grows, its content is not moved or covered), at a size in proportion to the page,
so it is legible at fit-to-page on a slide, an A4 letter or an A0 plan alike. Measured on the
corpus, a label inside the page always covered something on full-bleed scans and slides."""

import pikepdf

# Helvetica advance widths (1/1000 em) of the characters the stamp uses.
_HELVETICA = {ch: 556 for ch in "0123456789adeu"} | {
    "S": 667, "i": 222, "f": 278, " ": 278, "B": 667, "l": 222, "g": 556, "s": 500, "m": 833,
    "n": 556, "o": 556, "r": 333, "t": 278, "-": 333,
}  # fmt: skip
A4_SHORT_SIDE = 595.0
A4_STAMP_SIZE = 8.0


def text_width(text: str, size: float) -> float:
    return sum(_HELVETICA.get(ch, 556) for ch in text) * size / 1000


def stamp_font(pdf: pikepdf.Pdf):
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )


def _box(page, key):
    value = page.obj.get(key)
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    a, b, c, d = (float(v) for v in value)
    return [min(a, c), min(b, d), max(a, c), max(b, d)]


def stamp_size(width: float, height: float) -> float:
    """Font size in proportion to the page's short side: 8 pt on A4, never below 5 pt."""
    return max(5.0, round(min(width, height) / A4_SHORT_SIDE * A4_STAMP_SIZE, 2))


def _font_name(page, font) -> pikepdf.Name:
    """The name the page knows the stamp's font by: one it already has for it (pages that share
    their resources share it), or a free one, the same on every run (pikepdf's own prefix names
    are random, and the bundle must come out byte for byte the same on any worker)."""
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
    taken = dict(fonts.items()) if isinstance(fonts, pikepdf.Dictionary) else {}
    name, number = "/KKRStamp", 0
    while name in taken:
        if taken[name].is_indirect and taken[name].objgen == font.objgen:
            break
        number += 1
        name = f"/KKRStamp{number}"
    return pikepdf.Name(name)


def stamp(pdf: pikepdf.Pdf, page, text: str, font, *, around=(b"", b"")) -> None:
    """Add the strip at the bottom of the page as displayed and write the text right-aligned in
    it; `around` (opening, closing) is put around the page's own content, inside its clip."""
    media = _box(page, "/MediaBox") or [float(v) for v in page.mediabox]
    crop = _box(page, "/CropBox")
    visible = crop or media
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    visible = list(visible)
    x0, y0, x1, y1 = visible
    upright = rotate in (0, 180)
    width, height = (x1 - x0, y1 - y0) if upright else (y1 - y0, x1 - x0)
    # On a very narrow page the text is made smaller until it fits.
    size = min(stamp_size(width, height), width * 0.9 / (text_width(text, 1) + 2))
    strip = round(size * 2.2, 2)
    # Which edge of the stored page is the bottom the reader sees, and how the text is turned.
    edge = {0: (1, -1), 90: (2, 1), 180: (3, 1), 270: (0, -1)}[rotate]
    for box in (media, crop):
        if box is not None:
            box[edge[0]] = visible[edge[0]] + edge[1] * strip
    page.obj.MediaBox = pikepdf.Array(media)
    if crop is not None:
        page.obj.CropBox = pikepdf.Array(crop)
    x0, y0, x1, y1 = crop or media
    matrix = {
        0: (1, 0, 0, 1, x0, y0),
        90: (0, 1, -1, 0, x1, y0),
        180: (-1, 0, 0, -1, x1, y1),
        270: (0, -1, 1, 0, x0, y1),
    }[rotate]
    name = page.add_resource(font, pikepdf.Name.Font, name=_font_name(page, font))
    tx = width - size * 2 - text_width(text, size)
    ty = (strip - size * 0.72) / 2
    # The number is an artifact, not text of the page: a screen reader passes it over (the
    # bundle is tagged, see `tagged.py`). It is drawn before the page's own content, so that
    # content that breaks off (an operator a viewer rejects, an unclosed state) cannot take it
    # along; the content is then clipped to its original box, so nothing of it ever reaches
    # the strip.
    vx0, vy0, vx1, vy1 = visible
    content = (
        "/Artifact <</Type /Pagination /Subtype /Footer>> BDC "
        "q {} cm BT {} {} Tf 0.2 g {:.2f} {:.2f} Td ({}) Tj ET Q EMC "
        "q {:.2f} {:.2f} {:.2f} {:.2f} re W n\n".format(
            " ".join(f"{v:.2f}" for v in matrix),
            name,
            size,
            tx,
            ty,
            text,
            vx0,
            vy0,
            vx1 - vx0,
            vy1 - vy0,
        )
    ).encode("ascii")
    page.contents_add(pdf.make_stream(content + around[0]), prepend=True)
    page.contents_add(pdf.make_stream(around[1] + b"\nQ"), prepend=False)
