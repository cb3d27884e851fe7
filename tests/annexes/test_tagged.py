"""The bundle is a tagged PDF, as the accessibility statement promises: a screen reader finds the
contents, then each annex as a part of its own (titled, in its own language), headed by its
divider and holding the annex's own tags; an annex without tags is read page by page instead of
vanishing among tagged pages; the bundle's page numbers are artifacts, not text. Checked with
poppler's reading of the structure tree (`pdfinfo -struct-text`) and, link by link, the parent
tree a reader uses to go from a page's content back to its element."""

import io
import subprocess
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from compliance.accessibility import pdf_accessibility
from meetings.models import RenderJob
from meetings.publishing.layout import html_to_pdf
from tests.annexes.helpers import (
    CORPUS,
    check_tags,
    document_bytes,
    kids_of,
    meeting_with,
    publish_and_render,
    qpdf_output,
    saved,
    write,
)
from tests.pdfs import make_pdf

REPORT = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Annual report</title>
</head><body><h1>Annual report 2025</h1><p>Growth in North Jutland.</p>
<p><a href="https://example.org/report">The full report</a></p>
<h2 style="break-before: page">Second chapter</h2><p>Closing words.</p></body></html>"""


def _link_to(page) -> Dictionary:
    return Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[72, 700, 300, 730], Border=[0, 0, 0],
        Dest=Array([page.obj, Name.Fit]),
    )  # fmt: skip


def _saved(pdf) -> bytes:
    return saved(pdf)


def _untagged() -> bytes:
    """Two pages without tags; the first has a link to the second."""
    pdf = pikepdf.open(io.BytesIO(make_pdf(2, "UTAGGET")))
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(_link_to(pdf.pages[1]))])
    return _saved(pdf)


def _report() -> bytes:
    """The report, its first heading named by an ID (as a table's header cells are) and in a
    PDF 2.0 namespace."""
    pdf = pikepdf.open(io.BytesIO(html_to_pdf(REPORT)))
    queue = list(kids_of(pdf.Root.StructTreeRoot))
    while queue:
        element = queue.pop(0)
        if isinstance(element, Dictionary) and element.get("/S") == Name.H1:
            element.ID = pikepdf.String("kapitel-1")
            # PDF 2.0: the element names its namespace, which the root lists.
            namespace = pdf.make_indirect(
                Dictionary(Type=Name.Namespace, NS=pikepdf.String("http://iso.org/pdf2/ssn"))
            )
            element.NS = namespace
            pdf.Root.StructTreeRoot.Namespaces = Array([namespace])
            ids = pikepdf.NameTree.new(pdf)
            ids["kapitel-1"] = element
            pdf.Root.StructTreeRoot.IDTree = ids.obj
            break
        queue.extend(kids_of(element) if isinstance(element, Dictionary) else [])
    return _saved(pdf)


FILES = {
    "Årsrapport.pdf": _report(),
    "Skanning.pdf": _untagged(),
    "Google-dokument.pdf": (CORPUS / "pypdf-two-different-pages.pdf").read_bytes(),
    "Fortroligt.pdf": make_pdf(1, "FORTROLIGT"),
}


def _parts(path: Path) -> tuple[str, list[str]]:
    """poppler's reading of the structure tree: the text before the first part, then each
    part's lines (element names and quoted text), as a screen reader would meet them."""
    # poppler prints an element's title as its raw bytes (UTF-16 here): only the text is UTF-8.
    output = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", "-struct-text", str(path)], capture_output=True, check=True
    ).stdout
    lines = output.decode("utf-8", "replace").splitlines()
    assert lines[0] == "Document"
    front, parts = [], []
    for line in lines[1:]:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        if depth == 1 and line.strip().startswith("Part"):
            parts.append([])
        elif parts:
            parts[-1].append(line.strip())
        else:
            front.append(line.strip())
    return "\n".join(front), ["\n".join(part) for part in parts]


def _parts_of(pdf) -> list:
    document = pdf.Root.StructTreeRoot.K
    assert document.get("/S") == Name.Document
    return [kid for kid in kids_of(document) if kid.get("/S") == Name.Part]


def _bundle(tmp_path, files: dict[str, bytes], *, variant: str = "offentlig", **options) -> Path:
    """The annex bundle of a meeting of these files, published and rendered: its path."""
    meeting, _annexes = meeting_with(files, **options)
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    return write(tmp_path, "bilag.pdf", document_bytes(version, "bilag", variant))


def test_the_bundle_is_tagged_each_annex_a_part_with_its_own_tags(db, tmp_path):
    path = _bundle(tmp_path, FILES, per_item=2, closed={"Fortroligt.pdf"}, variant="medlemmer")
    assert "No syntax or stream encoding errors" in qpdf_output(path)
    # What the accessibility statement says of the portal's own PDFs: tagged, titled, in Danish.
    facts = pdf_accessibility(path.read_bytes(), pages_with_text=0)
    assert facts.tagged and facts.language == "da" and facts.title.startswith("Bilag – ")
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        check_tags(pdf)
        parts = _parts_of(pdf)
        titles = [str(part.T) for part in parts]
        assert [title.split(": ", 1)[1] for title in titles] == list(FILES)
        assert all(title.startswith("Bilag ") for title in titles)
        # The English annexes are read in English (en_GB as BCP 47), the others in Danish.
        assert [str(part.get("/Lang", "")) for part in parts] == ["en", "", "en-GB", ""]
        assert all(kids_of(part)[0].get("/P").objgen == part.objgen for part in parts)
        # The contents lines' links say where they go, not the address they were laid out with.
        front_links = [a for a in pdf.pages[0].obj.Annots if a.get("/Subtype") == Name.Link]
        assert [str(a.Contents) for a in front_links[:2]] == ["Gå til side 2"] * 2
        assert all(str(a.Contents).startswith("Gå til side ") for a in front_links)
        # The annex's IDs still name its elements.
        named = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)["kapitel-1"]
        assert named.S == Name.H1 and named.P.objgen == parts[0].objgen
        assert [ns.objgen for ns in pdf.Root.StructTreeRoot.Namespaces] == [named.NS.objgen]
    front, (report, scan, google, closed) = _parts(path)
    assert '"Indholdsfortegnelse - Bilag"' in front
    # Each part opens with its divider's heading, then the annex.
    for text, name in zip((report, scan, google, closed), FILES, strict=True):
        assert text.startswith("Sect\nH1"), text[:200]
        assert name in text.split("\n\n")[0] or name in text[:300], text[:300]
    # The annex's own heading is a heading after the divider's.
    assert "H1" in report.split('"Annual report 2025"')[0].split("Årsrapport.pdf")[-1]
    assert '"Second chapter"' in report and "H2" in report and "Link" in report
    assert '"UTAGGET side 1"' in scan and '"UTAGGET side 2"' in scan
    assert "Link" in scan
    assert '"1 "' in google and '"2 "' in google
    assert '"FORTROLIGT side 1"' in closed
    assert "Bilagssamling side" not in front + "".join((report, scan, google, closed))


def test_the_public_bundle_tags_a_closed_annex_as_its_divider_only(db, tmp_path):
    path = _bundle(tmp_path, FILES, per_item=2, closed={"Fortroligt.pdf"})
    with pikepdf.open(path) as pdf:
        check_tags(pdf)
        parts = _parts_of(pdf)
        assert str(parts[-1].T).endswith(": Lukket bilag")
    front, parts = _parts(path)
    assert len(parts) == 4
    assert '"Lukket bilag"' in parts[-1]
    assert "FORTROLIGT" not in front + "".join(parts)
    assert "Fortroligt" not in front + "".join(parts)


def _letter_with_a_scanned_page() -> bytes:
    """A tagged letter with an untagged page between its two pages (a scanned signature page
    put in), whose link is a direct dictionary."""
    letter = pikepdf.open(io.BytesIO(html_to_pdf(REPORT)))
    scanned = pikepdf.open(io.BytesIO(make_pdf(1, "UNDERSKRIFT")))
    letter.pages.insert(1, scanned.pages[0])
    letter.pages[1].obj.Annots = Array([_link_to(letter.pages[0])])
    return _saved(letter)


def test_a_page_a_tagged_annex_leaves_out_is_read_where_it_stands(db, tmp_path):
    path = _bundle(tmp_path, {"Brev.pdf": _letter_with_a_scanned_page()})
    with pikepdf.open(path) as pdf:
        check_tags(pdf)
    _front, (letter,) = _parts(path)
    order = [letter.index(text) for text in ("Annual report 2025", "UNDERSKRIFT side 1")]
    assert order == sorted(order)
    assert letter.index("UNDERSKRIFT side 1") < letter.index("Second chapter")


def _elements(element, role):
    """The elements of one role below `element`, in the tree's order."""
    found, queue = [], [element]
    while queue:
        current = queue.pop(0)
        if isinstance(current, Dictionary):
            if current.get("/S") == role:
                found.append(current)
            queue.extend(kids_of(current))
    return found


def test_a_libreoffice_annex_keeps_its_table_figure_and_roles(db, tmp_path):
    notat = (CORPUS / "libreoffice-notat.pdf").read_bytes()
    path = _bundle(tmp_path, {"Notat.pdf": notat})
    with pikepdf.open(path) as pdf:
        check_tags(pdf)
        (part,) = _parts_of(pdf)
        # LibreOffice's own element names still read as paragraphs.
        assert pdf.Root.StructTreeRoot.RoleMap["/Text body"] == Name.P
        (figure,) = _elements(part, Name.Figure)
        assert "Aalborg har den største" in str(figure.Alt)
        assert len(_elements(part, Name.TH)) == 3
        assert len(_elements(part, Name.TR)) == 12
        # The language the file states (LibreOffice's own setting) is the part's.
        assert str(part.Lang) == "en-US"
    _front, (text,) = _parts(path)
    assert "Table" in text and '"Aalborg"' in text and "Figure" in text
    assert text.index('"Baggrund"') < text.index('"Aalborg"') < text.index('"Indstilling"')


def _report_with_role(name: str, role: Name) -> bytes:
    """The report with its heading under a role name of its own, mapped to `role`."""
    pdf = pikepdf.open(io.BytesIO(html_to_pdf(REPORT)))
    (heading,) = _elements(pdf.Root.StructTreeRoot, Name.H1)
    heading.S = Name(name)
    pdf.Root.StructTreeRoot.RoleMap = Dictionary({name: role})
    return _saved(pdf)


def _roles(part, role_map) -> list[str]:
    """The standard role of each element of a part whose own name is in the role map."""
    found, queue = [], [part]
    while queue:
        current = queue.pop(0)
        if isinstance(current, Dictionary):
            if str(current.get("/S")) in role_map:
                found.append(str(role_map[str(current.S)]))
            queue.extend(kids_of(current))
    return found


def test_two_annexes_that_give_one_role_name_two_meanings_each_keep_their_own(db, tmp_path):
    notat = (CORPUS / "libreoffice-notat.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(notat)) as original:
        paragraphs = len(_elements(original.Root.StructTreeRoot, Name("/Text body")))
    files = {"Rapport.pdf": _report_with_role("/Text body", Name.H1), "Notat.pdf": notat}
    path = _bundle(tmp_path, files, per_item=2)
    with pikepdf.open(path) as pdf:
        check_tags(pdf)
        role_map = pdf.Root.StructTreeRoot.RoleMap
        report, memo = _parts_of(pdf)
        # The report's heading is still a heading ...
        assert _roles(report, role_map) == ["/H1"]
        # ... and the memo's body text still paragraphs, not headings, under a name of its own.
        assert paragraphs > 5 and _roles(memo, role_map).count("/P") >= paragraphs
        assert "/H1" not in _roles(memo, role_map)
        assert str(role_map["/Text body 2"]) == "/P"


def _report_with_class(align: Name) -> bytes:
    """The report with its heading in an attribute class of its own: text aligned `align`."""
    pdf = pikepdf.open(io.BytesIO(html_to_pdf(REPORT)))
    (heading,) = _elements(pdf.Root.StructTreeRoot, Name.H1)
    heading.C = Name("/Overskrift")
    attributes = Dictionary(O=Name.Layout, TextAlign=align)
    pdf.Root.StructTreeRoot.ClassMap = Dictionary({"/Overskrift": attributes})
    return _saved(pdf)


def test_two_annexes_that_give_one_class_two_meanings_each_keep_their_own(db, tmp_path):
    files = {
        "Centreret.pdf": _report_with_class(Name.Center),
        "Højre.pdf": _report_with_class(Name.End),
    }
    path = _bundle(tmp_path, files, per_item=2)
    with pikepdf.open(path) as pdf:
        check_tags(pdf)
        class_map = pdf.Root.StructTreeRoot.ClassMap
        aligned = [
            [
                class_map[str(heading.C)].TextAlign
                for heading in _elements(part, Name.H1)
                if "/C" in heading
            ]
            for part in _parts_of(pdf)
        ]
        # The divider's heading has no class; the report's keeps its own alignment.
        assert aligned == [[Name.Center], [Name.End]]


TABLE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>
</head><body><h1>{title}</h1><table><thead><tr><th>{first}</th><th>{second}</th></tr></thead>
<tbody><tr><td>Aalborg</td><td>1.000</td></tr><tr><td>Læsø</td><td>20</td></tr></tbody></table>
</body></html>"""


def _table_report(title: str, first: str, second: str) -> bytes:
    """A report with a table whose data cells name their header cells by ID, listed in the
    file's ID tree (as a file checked and mended for accessibility has it): two such files
    made by one tool give their header cells the same IDs."""
    pdf = pikepdf.open(
        io.BytesIO(html_to_pdf(TABLE.format(title=title, first=first, second=second)))
    )
    ids = pikepdf.NameTree.new(pdf)
    for heading in _elements(pdf.Root.StructTreeRoot, Name.TH):
        ids[str(heading.ID)] = heading
    pdf.Root.StructTreeRoot.IDTree = ids.obj
    return _saved(pdf)


def test_two_annexes_whose_header_cells_share_ids_each_keep_their_own_headers(db, tmp_path):
    files = {
        "Tilskud.pdf": _table_report("Tilskud", "Kommune", "Beløb"),
        "Elever.pdf": _table_report("Elever", "Kommune", "Antal"),
    }
    with (
        pikepdf.open(io.BytesIO(files["Tilskud.pdf"])) as first,
        pikepdf.open(io.BytesIO(files["Elever.pdf"])) as second,
    ):
        shared = {str(h.ID) for h in _elements(first.Root.StructTreeRoot, Name.TH)}
        assert shared == {str(h.ID) for h in _elements(second.Root.StructTreeRoot, Name.TH)}
    path = _bundle(tmp_path, files, per_item=2)
    with pikepdf.open(path) as pdf:
        check_tags(pdf)
        ids = dict(pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree).items())
        for part in _parts_of(pdf):
            headings = {h.objgen for h in _elements(part, Name.TH)}
            cells = _elements(part, Name.TD)
            assert len(headings) == 2 and len(cells) == 4
            for cell in cells:
                # Each data cell's header is a header cell of its own annex's table.
                (header,) = cell.A.Headers
                assert ids[str(header)].objgen in headings, (str(header), headings)
                assert str(ids[str(header)].ID) == str(header)
        # The first annex keeps its IDs; the second's are its own.
        assert shared < set(ids) and len(ids) == 4
