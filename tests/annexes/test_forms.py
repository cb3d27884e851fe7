"""Forms filled in by a program that leaves the drawing to the viewer (NeedAppearances): the
bundle page shows what viewers show — each field's frame, the mark in a check box that is on,
and the value with its Danish letters — for a LaTeX (hyperref) form and an Acrobat form, and
for a field that has no appearance in a form that does not ask for them."""

import re
import subprocess

import pikepdf
import pytest
from PIL import ImageChops, ImageStat

from meetings.publishing.safety import reader_copy
from meetings.publishing.wrapping import wrapped_value, writing
from tests.annexes.helpers import CORPUS, bundle_of, page_pixels, page_text, saved

DPI = 144
NAME = "Søren Ærø"
OPTIONS = ["Danmark", "Færøerne", "Grønland", "Sverige"]
ANSWER = (
    "Kommunen ønsker, at KKR Nordjylland drøfter den fælles indsats på ældreområdet i 2027, "
    "og at sekretariatet udarbejder en koordineret plan.\nBilag følger."
)


def _hyperref(filled: bool) -> bytes:
    """pdfTeX's form: a text field with no appearance, a check box whose "on" appearance is an
    empty placeholder and which has none for "Off", each with a red frame (/MK)."""
    pdf = pikepdf.open(CORPUS / "pypdf-pdflatex-forms.pdf")
    for widget in pdf.pages[0].Annots if filled else ():
        if str(widget.T) == "Name":
            widget.V = pikepdf.String(NAME)
        if str(widget.T) == "Check":
            widget.V = widget.AS = pikepdf.Name.Yes
    return saved(pdf)


def _long_answer() -> bytes:
    """hyperref's text field made a tall multi-line one, holding a long answer."""
    pdf = pikepdf.open(CORPUS / "pypdf-pdflatex-forms.pdf")
    for widget in pdf.pages[0].Annots:
        if str(widget.T) == "Name":
            widget.Rect, widget.Ff = [182, 560, 420, 668], 4096  # multi-line
            widget.V = pikepdf.String(ANSWER)
    return saved(pdf)


def _list_box() -> bytes:
    """LibreOffice's form, its drop-down made a list box of four options, the second chosen."""
    pdf = pikepdf.open(CORPUS / "pypdf-libreoffice-form.pdf")
    for field in pdf.Root.AcroForm.Fields:
        if str(field.get("/T")) == "Nationality":
            field.Ff, field.Rect = 0, [59.449, 535.89, 224.351, 603.488]
            field.Opt = pikepdf.Array([pikepdf.String(o) for o in OPTIONS])
            field.V = pikepdf.String(OPTIONS[1])
            del field["/AP"]
    return saved(pdf)


def _comb() -> bytes:
    """hyperref's text field made a comb of ten boxes, a CPR number's."""
    pdf = pikepdf.open(CORPUS / "pypdf-pdflatex-forms.pdf")
    for widget in pdf.pages[0].Annots:
        if str(widget.get("/T")) == "Name":
            widget.Ff, widget.MaxLen = 1 << 24, 10
            widget.V = pikepdf.String("0102031234")
    return saved(pdf)


def _values_only() -> bytes:
    """LibreOffice's form, a check box and a radio button set by a program that wrote their
    values (/V) and left their states (/AS) off, asking the viewer to draw the form."""
    pdf = pikepdf.open(CORPUS / "pypdf-libreoffice-form.pdf")
    for field in pdf.Root.AcroForm.Fields:
        if str(field.get("/T")) == "gdpr":
            field.V = pikepdf.Name.Yes
        if str(field.get("/T")) == "female":
            field.V = pikepdf.Name("/2")  # "Male"
    assert pdf.Root.AcroForm.NeedAppearances
    return saved(pdf)


def _acrobat() -> bytes:
    """Acrobat's form, its text field filled in by a program that asks the viewer to draw it."""
    pdf = pikepdf.open(CORPUS / "pikepdf-form.pdf")
    for field in pdf.Root.AcroForm.Fields:
        if field.get("/FT") == pikepdf.Name.Tx:
            field.V = pikepdf.String(NAME)
    pdf.Root.AcroForm.NeedAppearances = True
    return saved(pdf)


def _without_appearance() -> bytes:
    """Acrobat's form, whose text field has no appearance, filled in by a program that wrote
    none and did not ask the viewer to draw the fields: viewers draw a field that has none."""
    pdf = pikepdf.open(CORPUS / "pikepdf-form.pdf")
    for field in pdf.Root.AcroForm.Fields:
        if field.get("/FT") == pikepdf.Name.Tx:
            assert "/AP" not in field
            field.V = pikepdf.String(NAME)
    assert "/NeedAppearances" not in pdf.Root.AcroForm
    return saved(pdf)


@pytest.fixture
def bundle(db, tmp_path):
    files = {
        "hyperref.pdf": _hyperref(filled=False),
        "hyperref-udfyldt.pdf": _hyperref(filled=True),
        "acrobat.pdf": _acrobat(),
        "uden-udseende.pdf": _without_appearance(),
        "langt-svar.pdf": _long_answer(),
        "liste.pdf": _list_box(),
        "kam.pdf": _comb(),
        "vaerdier.pdf": _values_only(),
    }
    return bundle_of(files, tmp_path)


def _pixel_box(rect, page) -> tuple[int, int, int, int]:
    """A rectangle on the page, and two pixels around it, in the rendered page (at DPI)."""
    scale = DPI / 72
    left, top = float(page.mediabox[0]), float(page.mediabox[3])
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (
        round((min(x0, x1) - left) * scale) - 2,
        round((top - max(y0, y1)) * scale) - 2,
        round((max(x0, x1) - left) * scale) + 2,
        round((top - min(y0, y1)) * scale) + 2,
    )


def _field_boxes(path) -> dict[str, tuple[int, int, int, int]]:
    """Each field's rectangle (by its name; a radio button's has none), in pixels."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        return {str(w.get("/T", "")): _pixel_box(w.Rect, page) for w in page.obj.Annots}


@pytest.mark.parametrize("name", ["hyperref.pdf", "hyperref-udfyldt.pdf"])
def test_fields_left_to_the_viewer_are_drawn_as_viewers_draw_them(bundle, name, tmp_path):
    original_path = bundle["originals"][name]
    original = page_pixels(original_path, 1, tmp_path, dpi=DPI)
    ours = page_pixels(bundle["path"], bundle["first"][name], tmp_path, dpi=DPI)
    for field in ("Name", "Check"):
        box = _field_boxes(original_path)[field]
        theirs, drawn = original.crop(box), ours.crop(box)
        assert theirs.getextrema()[0] < 128, "premise: the viewer draws the field's frame"
        # (poppler sets the mark a little larger and lower in the box)
        assert ImageStat.Stat(ImageChops.difference(theirs, drawn)).mean[0] < 10, (name, field)
    # Checked, the box holds its mark; not checked, only its frame (the inside is white).
    left, upper, right, lower = _field_boxes(original_path)["Check"]
    inside = ours.crop((left + 6, upper + 6, right - 6, lower - 6))
    assert (inside.getextrema()[0] < 128) == (name == "hyperref-udfyldt.pdf")


@pytest.mark.parametrize("name", ["hyperref-udfyldt.pdf", "acrobat.pdf", "uden-udseende.pdf"])
def test_a_value_keeps_its_danish_letters(bundle, name):
    """Acrobat, iText and hyperref name Helvetica with an encoding of their own; the value was
    written as ASCII ("S?ren ?r?"), and a field with no appearance was not drawn at all."""
    assert NAME in page_text(bundle["path"], bundle["first"][name])


def test_a_long_answer_is_wrapped_in_its_field_as_viewers_wrap_it(bundle, tmp_path):
    """qpdf writes a value on one line, across the middle of the field and cut off at its edge;
    viewers write a multi-line field's value from its top, wrapped at its width."""
    page = bundle["first"]["langt-svar.pdf"]
    lines = [
        " ".join(line.split())
        for line in subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), bundle["path"], "-"],
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .splitlines()
    ]
    # (the page's own labels, "Name" and "Check", stand to the left of the field's lines)
    written = [line.removeprefix("Name ").removeprefix("Check ") for line in lines if line][:4]
    assert " ".join(written).startswith(" ".join(ANSWER.split())), written
    assert len(written[0]) < len(ANSWER.split("\n")[0]) and written[3] == "Bilag følger."
    # From the top: there is ink in the field's top band, inside its frame.
    left, upper, right, lower = _field_boxes(bundle["originals"]["langt-svar.pdf"])["Name"]
    ours = page_pixels(bundle["path"], page, tmp_path, dpi=DPI)
    band = ours.crop((left + 8, upper + 8, right - 8, upper + (lower - upper) // 4))
    assert band.getextrema()[0] < 128


def test_a_word_longer_than_its_field_is_broken_inside_it_and_a_low_field_stays_legible():
    helvetica = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding,
    )
    value = "Journalnummer: " + "x" * 60

    def drawn(text, box):
        how = writing(helvetica, "/Helv", 10, "0 g", box)
        operators = wrapped_value(text, how, inset=3, alignment=0).decode("latin-1")
        return re.findall(r"([-\d.]+) Tm \((.*?)\) Tj", operators)

    # 94 points of room; an x is 5 points wide at 10 points: 18 to a line.
    lines = drawn(value, [0, 0, 100, 200])
    assert "".join(text for _y, text in lines).replace(" ", "") == value.replace(" ", "")
    assert lines[0][1] == "Journalnummer:" and all(len(t) <= 18 for _y, t in lines[1:])
    assert [float(y) for y, _t in lines] == sorted((float(y) for y, _t in lines), reverse=True)
    # One line in a field lower than the line: across the middle, not cut off at the top.
    [(y, text)] = drawn("Bob", [0, 0, 100, 8])
    assert text == "Bob" and 0 < float(y) < 4


def test_a_list_box_shows_its_options_and_marks_the_chosen_one(bundle, tmp_path):
    """qpdf writes one line of a list box; viewers list its options, the chosen one on a bar."""
    page = bundle["first"]["liste.pdf"]
    text = page_text(bundle["path"], page)
    assert all(option in text for option in OPTIONS), text
    assert text.index("Danmark") < text.index("Færøerne") < text.index("Sverige")
    # The chosen option's row is on a dark bar, the others on white.
    left, upper, right, lower = _field_boxes(bundle["originals"]["liste.pdf"])["Nationality"]
    ours = page_pixels(bundle["path"], page, tmp_path, dpi=DPI)
    rows = [ours.crop((left + 4, y, right - 4, y + 2)) for y in range(upper + 4, lower - 4, 2)]
    dark = [ImageStat.Stat(row).mean[0] < 100 for row in rows]
    assert any(dark) and not dark[0], dark


def test_a_comb_field_has_a_character_in_each_box(bundle, tmp_path):
    """Viewers write a comb field's value one character to a box, the last in the last box;
    qpdf wrote it as one word at the field's left."""
    assert "Name 0 1 0 2 0 3 1 2 3 4" in page_text(bundle["path"], bundle["first"]["kam.pdf"])
    ours = page_pixels(bundle["path"], bundle["first"]["kam.pdf"], tmp_path, dpi=DPI)
    left, upper, right, lower = _field_boxes(bundle["originals"]["kam.pdf"])["Name"]
    last_box = ours.crop((right - (right - left) // 10, upper + 6, right - 6, lower - 6))
    assert last_box.getextrema()[0] < 128


def test_a_field_that_cannot_be_drawn_keeps_the_files_own_drawing_and_breaks_nothing(tmp_path):
    """Broken entries in a form (a name where a number belongs, an array for a dictionary,
    garbage in a list box's choices) leave those fields as the file draws them; the other
    fields are drawn, and the reader's copy is made."""
    pdf = pikepdf.open(CORPUS / "pypdf-pdflatex-forms.pdf")
    name, check, _submit = list(pdf.pages[0].Annots)
    name.V = pikepdf.String(NAME)
    check.MK = pikepdf.Array([1, 2])  # not a dictionary
    check.Ff = pikepdf.Name.Wrong  # not a number
    broken = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Ch, T="Liste",
        Rect=[300, 600, 400, 660], Opt=pikepdf.Array([pikepdf.Name.X, 7]),
        I=pikepdf.Array([pikepdf.Name.Y]), TI=pikepdf.Name.Z, DA="/Helv x Tf 0 g",
        BS=pikepdf.Dictionary(W=pikepdf.Name.W),
    )  # fmt: skip
    pdf.pages[0].Annots.append(pdf.make_indirect(broken))
    pdf.Root.AcroForm.Fields.append(pdf.pages[0].Annots[-1])
    reader_copy(pdf)
    path = tmp_path / "kopi.pdf"
    pdf.save(path)
    with pikepdf.open(path) as copy:
        assert "/AcroForm" not in copy.Root and len(copy.pages) == 1
    assert NAME in page_text(path, 1)


def test_a_check_box_and_a_radio_button_show_the_value_a_program_set(bundle, tmp_path):
    """In a form that asks its viewer to draw it, a box is checked by its field's value; a
    program that fills one in may set the value only."""
    original = bundle["originals"]["vaerdier.pdf"]
    ours = page_pixels(bundle["path"], bundle["first"]["vaerdier.pdf"], tmp_path, dpi=DPI)

    def marked(box):  # ink in the middle of the box (a radio button's ring is not there)
        x, y = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
        return ours.crop((x - 3, y - 3, x + 3, y + 3)).getextrema()[0] < 128

    boxes = _field_boxes(original)
    assert marked(boxes["gdpr"]) and not marked(boxes["other"])
    with pikepdf.open(original) as pdf:
        page = pdf.pages[0]
        radio = [w for w in page.Annots if str(w.get("/Parent", {}).get("/T")) == "female"]
        chosen = {"/2" in w.AP.N: _pixel_box(w.Rect, page) for w in radio}
    assert marked(chosen[True]) and not marked(chosen[False])
