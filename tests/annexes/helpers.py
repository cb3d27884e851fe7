"""Building a meeting from PDF files, rendering it and reading what readers get."""

import subprocess
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

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


def document_bytes(version, kind: str, variant: str) -> bytes:
    document = VersionDocument.objects.get(version=version, kind=kind, variant=variant)
    with default_storage.open(document.file.name, "rb") as handle:
        return handle.read()


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
