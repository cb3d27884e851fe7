"""Files that every viewer opens, though qpdf calls them damaged, are accepted as viewers show them:
a page tree in which an editor left an emptied branch listed several times, and a branch under
itself; a watermark whose compressed data is damaged; a font whose name is not UTF-8 (made from
real files of the corpus); a page whose content breaks off in the middle of a string and an array,
which would take the bundle's page number with it."""

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from meetings.models import RenderJob
from meetings.publishing.bounded import inspect_bounded, upload_limits
from tests.annexes.helpers import (
    CORPUS,
    document_bytes,
    meeting_with,
    page_text,
    publish_and_render,
    qpdf_output,
    saved,
    write,
)
from tests.pdfs import make_pdf

PAGES = ["First page", "Second page", "Third page", "Last page"]


def _tangled_tree() -> bytes:
    """pikepdf's four-page file, its pages in two branches: the first branch gives its pages their
    MediaBox and Resources, an emptied branch is listed three times, the second branch lists
    itself among its pages."""
    pdf = pikepdf.open(CORPUS / "pikepdf-fourpages.pdf")
    pages = [page.obj for page in pdf.pages]
    root = pdf.Root.Pages

    def branch(kids, **inherited):
        node = pdf.make_indirect(
            Dictionary(Type=Name.Pages, Kids=Array(kids), Count=len(kids), Parent=root, **inherited)
        )
        for kid in kids:
            kid.Parent = node
        return node

    resources = pages[0].Resources
    for page in pages[:2]:
        del page["/MediaBox"]
    del pages[0]["/Resources"]
    first = branch(pages[:2], MediaBox=Array([0, 0, 612, 792]), Resources=resources)
    emptied = branch([])
    second = branch(pages[2:])
    second.Kids.append(second)
    root.Kids = Array([first, emptied, emptied, second, emptied])
    return saved(pdf)


def _damaged_watermark() -> bytes:
    """pypdf's crazyones.pdf with a watermark drawn over its page, as a trial version of a PDF
    editor adds one, whose compressed data breaks off."""
    pdf = pikepdf.open(CORPUS / "pypdf-crazyones.pdf")
    page = pdf.pages[0]
    mark = pdf.make_stream(b"")
    mark.write(b"x\x9c\x0b\xf2\x0c\xff\xff\xff\xff\x00damaged", filter=Name.FlateDecode)
    mark.Type, mark.Subtype, mark.BBox = Name.XObject, Name.Form, Array([0, 0, 150, 64])
    page.add_resource(mark, Name.XObject, Name("/Wm1"))
    page.contents_add(pdf.make_stream(b"q /Wm1 Do Q"))
    return saved(pdf)


def _font_named_in_gbk() -> bytes:
    """pikepdf's four-page file, its font named SimSun (宋体) in the GBK code page, as Chinese
    editions of Windows programs write it."""
    pdf = pikepdf.open(CORPUS / "pikepdf-fourpages.pdf")
    for page in pdf.pages:
        for _name, font in page.Resources.Font.items():
            font.BaseFont = pikepdf.Object.parse("/宋体".encode("gbk"))
    return saved(pdf)


def _broken_off() -> bytes:
    pdf = pikepdf.open(io.BytesIO(make_pdf(1, "AFBRUDT")))
    page = pdf.pages[0]
    cut = b"\nBT /F1 14 Tf 72 600 Td [ (Afbrudt midt i) -250 (en tabel"
    page.obj.Contents = pdf.make_stream(page.Contents.read_bytes() + cut)
    return saved(pdf)


def test_qpdf_alone_cannot_read_either_file(tmp_path):
    """The premise: without mending, qpdf finds no pages in the first file and cannot decode the
    second one's watermark."""
    tangled = write(tmp_path, "tangled.pdf", _tangled_tree())
    try:
        with pikepdf.open(tangled) as pdf:
            len(pdf.pages)
    except pikepdf.PdfError as error:
        assert "loop" in str(error).lower()
    else:
        raise AssertionError("qpdf read the tangled page tree")
    with pikepdf.open(io.BytesIO(_damaged_watermark())) as pdf:
        mark = pdf.pages[0].Resources.XObject.Wm1
        try:
            mark.read_bytes()
        except pikepdf.DataDecodingError:
            pass
        else:
            raise AssertionError("the watermark decoded")


def test_the_upload_check_counts_the_pages_viewers_show(tmp_path):
    for name, data, pages, notes in (
        ("tangled.pdf", _tangled_tree(), 4, ["repaired"]),
        ("watermark.pdf", _damaged_watermark(), 1, []),
    ):
        path = write(tmp_path, name, data)
        answer = inspect_bounded(str(path), mode="check", out=None, limits=upload_limits())
        assert answer["ok"], (name, answer)
        assert answer["page_count"] == pages and answer["notes"] == notes, (name, answer)


def test_a_page_none_of_whose_content_decodes_is_refused(tmp_path):
    """Damage is borne as viewers bear it, while something is left to draw: a page whose content
    is damaged from its first byte (as a file that cannot be decrypted reads) would be blank."""
    pdf = pikepdf.open(CORPUS / "pypdf-crazyones.pdf")
    page = pdf.pages[0]
    garbage = pdf.make_stream(b"")
    garbage.write(b"\x13\x37 not compressed at all", filter=Name.FlateDecode)
    page.obj.Contents = garbage
    path = write(tmp_path, "blank.pdf", b"")
    pdf.save(path)
    answer = inspect_bounded(str(path), mode="check", out=None, limits=upload_limits())
    assert answer == {"ok": False, "code": "damaged", "params": {}}


def test_the_files_are_kept_and_reach_the_bundle_whole(db, tmp_path):
    meeting, (tangled, watermark, _gbk) = meeting_with(
        {
            "tangled.pdf": _tangled_tree(),
            "watermark.pdf": _damaged_watermark(),
            "gbk.pdf": _font_named_in_gbk(),
        },
        per_item=3,
    )
    assert tangled.page_count == 4 and watermark.page_count == 1
    # The tangled file is kept mended: one level of pages, in order, each with what it inherited.
    with tangled.file.open("rb") as handle, pikepdf.open(io.BytesIO(handle.read())) as stored:
        assert len(stored.pages) == 4
        assert all(page.obj.Parent == stored.Root.Pages for page in stored.pages)
        assert [list(page.mediabox) for page in stored.pages] == [[0, 0, 612, 792]] * 4
        assert "/F1" in stored.pages[0].Resources.Font
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    path = write(tmp_path, "bilag.pdf", document_bytes(version, "bilag", "medlemmer"))
    qpdf_output(path)  # fails on errors
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    texts = [page_text(path, number) for number in range(1, count + 1)]
    # Divider, the four pages in their order, divider, the watermarked page.
    start = next(n for n, text in enumerate(texts) if PAGES[0] in text)
    assert [PAGES[n] in texts[start + n] for n in range(4)] == [True] * 4
    assert "watermark.pdf" in texts[start + 4]
    assert "crazy ones" in texts[start + 5].lower()
    assert "gbk.pdf" in texts[start + 6]
    assert [PAGES[n] in texts[start + 7 + n] for n in range(4)] == [True] * 4


def test_page_content_that_breaks_off_keeps_the_bundles_page_number(db, tmp_path):
    meeting, _annexes = meeting_with({"afbrudt.pdf": _broken_off()})
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    path = write(tmp_path, "bilag.pdf", document_bytes(version, "bilag", "medlemmer"))
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    text = page_text(path, count)
    assert "AFBRUDT side 1" in text
    assert f"Bilagssamling side {count} af {count}" in text
    # Poppler reads each part of a page's content alone; the standard reads them as one, where
    # the open string would run on into the page number. The page's content now closes.
    assert "WARNING" in qpdf_output(write(tmp_path, "afbrudt.pdf", _broken_off()))
    assert "WARNING" not in qpdf_output(path)
