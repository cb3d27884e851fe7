"""A reader's copy keeps one of each identical font and image: a file put together from many
(one font and one logo per page, each its own object) comes out smaller and looks the same.
Made the way the worker makes it: in the bounded child process."""

import os

import pikepdf
from PIL import ImageChops

from meetings.publishing.bounded import inspect_bounded, render_limits
from tests.annexes.helpers import page_pixels, page_text, saved, write

PAGES = 12
LOGO = os.urandom(120 * 60 * 3)  # photograph-like: does not compress


def _letters(*, logos: list[bytes], tied: bool = False) -> bytes:
    """PAGES letters, each made on its own: its own font object and its own logo object."""
    pdf = pikepdf.new()
    for number in range(1, PAGES + 1):
        font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )  # fmt: skip
        logo = pdf.make_stream(
            logos[number % len(logos)], Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
            Width=120, Height=60, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
        )  # fmt: skip
        if tied:
            logo.StructParent = number  # marked as part of the document's structure
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Logo=logo)
        )
        page.Contents = pdf.make_stream(
            b"q 120 0 0 60 400 740 cm /Logo Do Q "
            + f"BT /F1 14 Tf 72 700 Td (Brev nummer {number}) Tj ET".encode()
        )
    return saved(pdf)


def _reader_copy(tmp_path, data: bytes):
    original = write(tmp_path, "breve.pdf", data)
    copy = tmp_path / "laeserkopi.pdf"
    answer = inspect_bounded(str(original), mode="reader", out=str(copy), limits=render_limits())
    assert answer["ok"], answer
    return original, copy


def _objects(path, subtype: str) -> int:
    with pikepdf.open(path) as pdf:
        return sum(
            1
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream | pikepdf.Dictionary)
            and obj.get("/Subtype") == pikepdf.Name(subtype)
        )


def test_one_font_and_one_logo_where_every_page_had_its_own(tmp_path):
    original, copy = _reader_copy(tmp_path, _letters(logos=[LOGO]))
    assert (_objects(original, "/Type1"), _objects(original, "/Image")) == (PAGES, PAGES)
    assert (_objects(copy, "/Type1"), _objects(copy, "/Image")) == (1, 1)
    assert copy.stat().st_size < original.stat().st_size / 4
    # Every page reads and looks as before.
    for number in (1, PAGES // 2, PAGES):
        assert f"Brev nummer {number}" in page_text(copy, number)
        before = page_pixels(original, number, tmp_path, dpi=50)
        after = page_pixels(copy, number, tmp_path, dpi=50)
        assert ImageChops.difference(before, after).getbbox() is None


def test_different_logos_stay_apart(tmp_path):
    other = os.urandom(len(LOGO))
    _original, copy = _reader_copy(tmp_path, _letters(logos=[LOGO, other]))
    assert _objects(copy, "/Image") == 2
    assert _objects(copy, "/Type1") == 1


def test_an_image_tied_to_the_document_structure_keeps_its_own_object(tmp_path):
    _original, copy = _reader_copy(tmp_path, _letters(logos=[LOGO], tied=True))
    assert _objects(copy, "/Image") == PAGES
    assert _objects(copy, "/Type1") == 1
