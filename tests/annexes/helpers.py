"""Building a meeting from PDF files, rendering it and reading what readers get."""

import io
import subprocess
from pathlib import Path

import pikepdf
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name

from meetings import services
from meetings.models import RenderJob, VersionDocument
from meetings.publishing.jobs import render_job_run
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

CORPUS = Path(__file__).parent / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.pdf"))


def meeting_with(files: dict[str, bytes], *, per_item: int = 3, closed: set[str] = frozenset()):
    """A meeting whose items hold the given files as annexes, per_item annexes to an item."""
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    annexes, item = [], None
    for index, (name, data) in enumerate(files.items()):
        if index % per_item == 0:
            item = ItemFactory(
                section=section,
                position=index // per_item + 1,
                title=f"Sag {index // per_item + 1}",
            )
        annexes.append(
            services.annex_create(
                item=item,
                uploaded=SimpleUploadedFile(name, data),
                title=name,
                closed=name in closed,
            )
        )
    return meeting, annexes


def publish_and_render(meeting):
    version = services.meeting_publish(meeting=meeting)
    job = RenderJob.objects.filter(version=version).latest("created")
    render_job_run(job_id=job.pk)
    job.refresh_from_db()
    return version, job


def bundle_of(files: dict[str, bytes], tmp_path) -> dict:
    """The public bundle of a meeting whose one item holds the files: its path, the originals'
    paths, and the bundle page number (1-based) of each annex's first page, after its divider."""
    meeting, _annexes = meeting_with(files, per_item=len(files))
    version, job = publish_and_render(meeting)
    assert job.status == RenderJob.Status.DONE, job.error
    path = write(tmp_path, "bilag.pdf", document_bytes(version, "bilag", "offentlig"))
    originals = {name: write(tmp_path, name, data) for name, data in files.items()}
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        first = {
            annex.title.split(": ", 1)[1]: index[annex.destination[0].objgen] + 1
            for annex in outline.root[1].children
        }
    return {"path": path, "originals": originals, "first": first}


def document_bytes(version, kind: str, variant: str) -> bytes:
    document = VersionDocument.objects.get(version=version, kind=kind, variant=variant)
    with default_storage.open(document.file.name, "rb") as handle:
        return handle.read()


def saved(pdf: pikepdf.Pdf) -> bytes:
    """An opened (and changed) file as bytes, as an upload carries it."""
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def write(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def qpdf_output(path: Path) -> str:
    """What `qpdf --check` says (exit 0: clean, 3: warnings; 2, errors, fails here)."""
    result = subprocess.run(
        ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 3), result.stdout + result.stderr
    return result.stdout + result.stderr


def page_text(path: Path, page: int) -> str:
    """pdftotext of one page (1-based), whitespace normalised; "" where poppler cannot read the
    file (some originals only qpdf can repair; their reader's copies are sound)."""
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
        capture_output=True,
        check=False,
    )
    return " ".join(result.stdout.decode("utf-8", "replace").split())


def page_pixels(path: Path, page: int, tmp_path, dpi: int = 36):
    """The page as a grey image (Pillow), rendered by pdftoppm."""
    from PIL import Image

    prefix = tmp_path / f"{path.stem}-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            str(page),
            "-l",
            str(page),
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
        capture_output=True,
    )
    return Image.open(f"{prefix}.png").convert("L")


def same_pixels_and_a_stamp(original_path: Path, bundle_path: Path, page: int, tmp_path) -> None:
    """The bundle's page shows everything of the original's first page, unchanged, including
    its bottom right corner, and below it a strip with the page number, dark on white."""
    from PIL import ImageChops, ImageStat

    original = page_pixels(original_path, 1, tmp_path, dpi=72)
    stamped = page_pixels(bundle_path, page, tmp_path, dpi=72)
    width, height = original.size
    assert stamped.size[0] == width and stamped.size[1] > height
    difference = ImageStat.Stat(
        ImageChops.difference(stamped.crop((0, 0, width, height)), original)
    )
    assert difference.mean[0] < 1.0, difference.mean
    corner = (width * 3 // 4, height * 9 // 10, width, height)
    assert ImageChops.difference(stamped.crop(corner), original.crop(corner)).getbbox() is None
    strip = stamped.crop((0, height, width, stamped.size[1]))
    assert strip.getextrema()[0] < 160


def _page_of(element):
    while isinstance(element, Dictionary):
        if "/Pg" in element:
            return element.Pg.objgen
        element = element.get("/P")
    return None


def kids_of(element) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]


def _marked(page) -> tuple[list[int], list[list[str]]]:
    """The marked-content ids on a page, and the marked-content stack under each stamp text."""
    ids, stamps, stack = [], [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            stack.append(str(operands[0]))
            if op == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                ids.append(int(operands[1].MCID))
        elif op == "EMC":
            stack.pop()
        elif op == "Tj" and b"Bilagssamling side" in bytes(operands[0]):
            stamps.append(list(stack))
    return ids, stamps


def check_tags(pdf) -> None:
    """From every marked piece of content and every annotation back to its element, as a screen
    reader goes from what is under the finger to the tag; on a page with annotations the tab
    key follows the tags."""
    root = pdf.Root.StructTreeRoot
    tree = pikepdf.NumberTree(root.ParentTree)
    keys = []
    for number, page in enumerate(pdf.pages):
        assert "/StructParents" in page.obj, f"side {number + 1} har ingen tags"
        key = int(page.obj.StructParents)
        keys.append(key)
        ids, stamps = _marked(page)
        assert stamps and all(stack[-1] == "/Artifact" for stack in stamps), number
        for mcid in ids:
            element = tree[key][mcid]
            assert _page_of(element) == page.obj.objgen, (number, mcid)
            assert mcid in [int(k) for k in kids_of(element) if isinstance(k, int)] + [
                int(k.MCID) for k in kids_of(element) if isinstance(k, Dictionary) and "/MCID" in k
            ], (number, mcid)
        if len(page.obj.get("/Annots", [])):
            assert page.obj.get("/Tabs") == Name.S, number
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == Name.Popup:
                continue  # shown with its parent annotation, not an element of its own
            key = int(annot.StructParent)
            keys.append(key)
            objects = [
                k.Obj.objgen
                for k in kids_of(tree[key])
                if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR
            ]
            assert objects == [annot.objgen], number
    assert len(keys) == len(set(keys))
    assert int(root.ParentTreeNextKey) > max(keys)
