"""The bundle is written one annex at a time, each annex's objects renumbered into it. What a
reader could notice if that went wrong: a link inside an annex that jumps into another annex, a
comment whose text reads like a PDF reference ("se 3 0 R") changed, a PDF 2.0 annex declared
as an older version, a file qpdf finds fault with."""

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from meetings.models import RenderJob
from tests.annexes.helpers import document_bytes, meeting_with, publish_and_render, qpdf_output
from tests.pdfs import make_pdf

# A comment that holds what looks like references, nested brackets and a backslash.
COMMENT = "Se 3 0 R og (bilag 4 0 R) \\ samt 12 0 R)"


def _annex(text: str, *, version: str | None = None) -> bytes:
    """Three pages; the first has a link to the third and a comment."""
    pdf = pikepdf.open(io.BytesIO(make_pdf(3, text)))
    first = pdf.pages[0]
    first.obj.Annots = pdf.make_indirect(
        Array(
            [
                Dictionary(
                    Type=Name.Annot, Subtype=Name.Link, Rect=[72, 700, 300, 730],
                    Border=[0, 0, 0], Dest=Array([pdf.pages[2].obj, Name.Fit]),
                ),
                Dictionary(
                    Type=Name.Annot, Subtype=Name.Text, Rect=[400, 700, 420, 720],
                    Contents=String(COMMENT),
                ),
            ]
        )
    )  # fmt: skip
    out = io.BytesIO()
    pdf.save(out, force_version=version)
    return out.getvalue()


def test_each_annex_keeps_its_own_links_and_text_and_the_file_is_sound(db, tmp_path):
    files = {
        "første.pdf": _annex("FØRSTE"),
        "anden.pdf": _annex("ANDEN", version="2.0"),
        "tredje.pdf": _annex("TREDJE"),
    }
    meeting, _annexes = meeting_with(files, per_item=2)
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    path = tmp_path / "bilag.pdf"
    path.write_bytes(document_bytes(version, "bilag", "medlemmer"))
    assert "No syntax or stream encoding errors" in qpdf_output(path)
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        firsts = []
        for number, page in enumerate(pdf.pages):
            annots = page.obj.get("/Annots", [])
            links = [a for a in annots if a.get("/Subtype") == Name.Link and "/Dest" in a]
            comments = [a for a in annots if a.get("/Subtype") == Name.Text]
            if comments:
                firsts.append(number)
                assert [str(c.Contents) for c in comments] == [COMMENT]
                # The link still goes two pages on, within the same annex.
                assert [index[link.Dest[0].objgen] for link in links] == [number + 2]
        # One first page per annex, each after its own divider (contents, then 1 + 3 pages each).
        assert len(firsts) == 3
        assert [firsts[1] - firsts[0], firsts[2] - firsts[1]] == [4, 4]
        texts = ["FØRSTE", "ANDEN", "TREDJE"]
        for first, text in zip(firsts, texts, strict=True):
            for offset in range(3):
                content = pdf.pages[first + offset].Contents
                parts = content if isinstance(content, Array) else [content]
                data = b"".join(part.read_bytes() for part in parts)
                assert f"{text} side {offset + 1}".encode("cp1252") in data
        # The newest annex's version is declared, as a reader of PDF 2.0 needs.
        assert pdf.Root.Version == Name("/2.0")
        assert pdf.pages[-1].Parent.objgen == pdf.Root.Pages.objgen
        assert pdf.Root.Pages.Count == len(pdf.pages) == firsts[2] + 3
