"""The bundle page next to the original: text, form values, links, bookmarks, and the pixels near
the page number (pdftoppm), for a filled-in form, a LaTeX document with named destinations and
an outline, a page turned 270 degrees and a page whose MediaBox starts below zero."""

import io
import re

import pikepdf
import pytest
from PIL import ImageChops

from tests.annexes.helpers import (
    CORPUS,
    bundle_of,
    page_pixels,
    page_text,
    same_pixels_and_a_stamp,
    saved,
    write,
)
from tests.pdfs import make_pdf


def _filled_form() -> bytes:
    pdf = pikepdf.open(CORPUS / "pypdf-libreoffice-form.pdf")
    for field in pdf.Root.AcroForm.Fields:
        if str(field.get("/T")) == "Last Name":
            field.V = pikepdf.String("Kjærgaard")
    pdf.Root.AcroForm.NeedAppearances = True  # as many form fillers leave it
    return saved(pdf)


def _hidden_layer() -> bytes:
    """The AutoCAD drawing with a second layer, "Noter", that its author turned off: a black
    block with a note over the middle of the sheet."""
    pdf = pikepdf.open(CORPUS / "pypdf-AutoCad_Simple.pdf")
    notes = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="Noter"))
    properties = pdf.Root.OCProperties
    properties.OCGs.append(notes)
    properties.D.OFF.append(notes)
    properties.D.Order.append(notes)
    page = pdf.pages[0]
    page.add_resource(notes, pikepdf.Name.Properties, pikepdf.Name("/Noter"))
    page.contents_add(pdf.make_stream(b"/OC /Noter BDC 0 g 150 250 300 350 re f EMC"))
    return saved(pdf)


def _negative_origin() -> bytes:
    pdf = pikepdf.open(io.BytesIO(make_pdf(1, "NEGATIVTEKST")))
    page = pdf.pages[0]
    page.obj.MediaBox = [-200, -300, 395, 542]
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 14 Tf -150 -250 Td (NEGATIV NEDERST) Tj ET BT /F1 14 Tf 150 500 Td (NEGATIV OEVERST) Tj ET"
        b" 0 0 1 rg 330 -300 65 40 re f"  # a blue block in the bottom right corner, edge to edge
    )
    return saved(pdf)


FILES = {
    "formular.pdf": _filled_form,
    "latex.pdf": lambda: (CORPUS / "pypdf-pdflatex-outline.pdf").read_bytes(),
    "drejet.pdf": lambda: (CORPUS / "pypdf-AutoCad_Simple.pdf").read_bytes(),
    "negativ.pdf": _negative_origin,
    "lag.pdf": _hidden_layer,
}


@pytest.fixture
def bundle(db, tmp_path):
    return bundle_of({name: build() for name, build in FILES.items()}, tmp_path)


def _same_pixels_and_a_stamp(bundle, name, tmp_path):
    same_pixels_and_a_stamp(
        bundle["originals"][name], bundle["path"], bundle["first"][name], tmp_path
    )


def test_form_values_are_drawn_into_the_page(bundle, tmp_path):
    text = page_text(bundle["path"], bundle["first"]["formular.pdf"])
    assert "Alice" in text and "Kjærgaard" in text
    with pikepdf.open(bundle["path"]) as pdf:
        assert "/AcroForm" not in pdf.Root
        page = pdf.pages[bundle["first"]["formular.pdf"] - 1]
        assert all(a.get("/Subtype") != pikepdf.Name.Widget for a in page.obj.get("/Annots", []))


def test_latex_links_names_and_outline_survive(bundle):
    first = bundle["first"]["latex.pdf"]
    with pikepdf.open(bundle["originals"]["latex.pdf"]) as original:
        titles = [str(item.title) for item in original.open_outline().root]
        links = sum(len(page.obj.get("/Annots", [])) for page in original.pages)
        pages = len(original.pages)
        section = pikepdf.NameTree(original.Root.Names.Dests)["section.1"]
        view = [str(v) for v in list(section.get("/D", section))[1:]]
    with pikepdf.open(bundle["path"]) as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        # Every link of the annex goes to a page of the annex.
        targets = [
            index[(annot.Dest if "/Dest" in annot else annot.A.D)[0].objgen]
            for page in list(pdf.pages)[first - 1 : first - 1 + pages]
            for annot in page.obj.get("/Annots", [])
            if "/Dest" in annot or str(annot.get("/A", {}).get("/S")) == "/GoTo"
        ]
        assert len(targets) == links and all(first <= t < first + pages for t in targets)
        # Its named destinations are kept, prefixed with the item and annex number.
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        ours = [key for key in names if re.match(r"^bilag-\d+\.\d+-2-", key)]
        assert "section.1" in {key.split("-", 3)[3] for key in ours}
        assert all(first <= index[names[key][0].objgen] < first + pages for key in ours)
        # … each with the view it names (the place on the page and the zoom), not only the page.
        section = names[next(key for key in ours if key.endswith("-section.1"))]
        assert view[0] == "/XYZ" and [str(v) for v in list(section)[1:]] == view
        # Its bookmarks are nested under its own bookmark in the bundle.
        with pdf.open_outline() as outline:
            annex = next(a for a in outline.root[1].children if a.title.endswith("latex.pdf"))
            assert [child.title for child in annex.children] == titles


def test_rotated_page_is_stamped_upright_without_covering(bundle, tmp_path):
    with pikepdf.open(bundle["path"]) as pdf:
        assert int(pdf.pages[bundle["first"]["drejet.pdf"] - 1].obj.Rotate) == 270
    assert "EXAMPLE" in page_text(bundle["path"], bundle["first"]["drejet.pdf"])
    _same_pixels_and_a_stamp(bundle, "drejet.pdf", tmp_path)


def test_negative_origin_page_is_stamped_without_covering(bundle, tmp_path):
    text = page_text(bundle["path"], bundle["first"]["negativ.pdf"])
    assert "NEGATIV NEDERST" in text and "NEGATIV OEVERST" in text
    assert "Bilagssamling side" in text
    _same_pixels_and_a_stamp(bundle, "negativ.pdf", tmp_path)


def test_the_bundle_keeps_nothing_of_an_annex_catalogue(bundle):
    """The catalogue and document information are the bundle's own: no annex's opening action, page mode, producer or TeX banner."""
    with pikepdf.open(bundle["path"]) as pdf:
        assert set(pdf.Root.keys()) <= {
            "/Type", "/Pages", "/Outlines", "/Names", "/Lang", "/PageMode",
            "/ViewerPreferences", "/Metadata", "/StructTreeRoot", "/MarkInfo", "/OCProperties",
        }  # fmt: skip
        # The structure tree is the bundle's: its Document element holds a part per annex.
        assert pikepdf.Name.Document == pdf.Root.StructTreeRoot.K.S
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
        info = {key: str(value) for key, value in pdf.docinfo.items()}
        assert info.get("/Title", "").startswith("Bilag"), info
        assert not {"/PTEX.Fullbanner", "/Creator", "/Author"} & set(info), info
        assert "pdfTeX" not in info.get("/Producer", "")
        # The annex's own names are in the bundle only under its prefixed names.
        names = list(pikepdf.NameTree(pdf.Root.Names.Dests))
        assert names and all(name.startswith("bilag-") for name in names)


def test_a_layer_its_author_hid_stays_hidden(bundle, tmp_path):
    """A file's catalogue says which layers are shown; the bundle's says the same of each
    annex's layers, and lists them in the layer panel under the annex's title."""
    # Premise: shown, the hidden layer changes the page.
    with pikepdf.open(bundle["originals"]["lag.pdf"]) as pdf:
        del pdf.Root["/OCProperties"]
        shown = write(tmp_path, "vist.pdf", b"")
        pdf.save(shown)
    original = page_pixels(bundle["originals"]["lag.pdf"], 1, tmp_path, dpi=72)
    assert ImageChops.difference(page_pixels(shown, 1, tmp_path, dpi=72), original).getbbox()
    _same_pixels_and_a_stamp(bundle, "lag.pdf", tmp_path)
    with pikepdf.open(bundle["path"]) as pdf:
        layers = pdf.Root.OCProperties
        assert sorted(str(group.Name) for group in layers.OCGs) == [
            "DIMENSION",  # drejet.pdf's
            "DIMENSION",  # lag.pdf's
            "Noter",
        ]
        assert [str(group.Name) for group in layers.D.OFF] == ["Noter"]
        panel = {str(entry[0]): [str(g.Name) for g in list(entry)[1:]] for entry in layers.D.Order}
        assert panel == {
            "Bilag 3: drejet.pdf": ["DIMENSION"],
            "Bilag 5: lag.pdf": ["DIMENSION", "Noter"],
        }
