"""One document of a frozen package (the agenda, the annex bundle or the minutes, in the members'
or the public variant): rendered into a folder, then stored. The same code runs whether one
worker renders every document or several share them, so the files are the same byte for byte."""

import hashlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from meetings.models import PackageVersion, VersionDocument
from meetings.package import Package
from meetings.procedure import attendance_overview
from meetings.publishing import layout
from meetings.publishing.bundle import AnnexUnusable, bundle_pdf, page_count
from meetings.publishing.cache import TempCache
from meetings.templatetags.portal import change_text
from meetings.visibility import package_for_variant

VARIANTS = (VersionDocument.Variant.MEMBERS, VersionDocument.Variant.PUBLIC)
Kind = VersionDocument.Kind


def attendance_lines(meeting) -> dict:
    """Present members, absent members (Fraværende) and substitutes, as the minutes print them."""
    overview = attendance_overview(meeting)

    def label(person):
        return f"{person.name} ({person.party})" if person.party else person.name

    return {
        "present": [label(person) for person in overview["present"]],
        "absent": [label(person) for person in overview["absent"]],
        "substitutes": [
            f"{label(substitute)}, stedfortræder for {member.name}"
            for substitute, member in overview["substitutes"]
        ],
    }


def document_kinds(*, minutes: bool) -> list[tuple[str, str]]:
    """Every (kind, variant) of a package, the bundles first: a bundle may have readers' copies
    to make (minutes for a large scan), so it must not be the part left for last."""
    kinds = [Kind.BUNDLE, Kind.AGENDA, *([Kind.MINUTES] if minutes else [])]
    return [(kind, variant) for kind in kinds for variant in VARIANTS]


def annex_places(frozen: Package) -> int:
    """How many annexes (closed ones as stubs) a bundle of the package holds."""
    return sum(1 for _annex in frozen.annexes())


def document_render(
    frozen: Package,
    *,
    kind: str,
    variant: str,
    folder: str,
    version_number=None,
    changes=None,
    minutes=False,
    attendance=None,
    cache,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Render one document of the frozen package (as the version holds it, for every audience)
    into folder; returns its path. A bundle that cannot be made because of one annex raises
    AnnexUnusable, saying which annex and why."""
    path = Path(folder) / f"{kind}-{variant}.pdf"
    if kind == Kind.AGENDA:
        # The agenda stays the agenda: decisions appear only in the minutes (Referat).
        agenda = package_for_variant(frozen, variant=variant, decisions_public=False)
        path.write_bytes(layout.agenda_pdf(agenda, variant=variant, version_number=version_number))
        return path
    package = package_for_variant(frozen, variant=variant, decisions_public=minutes)
    if kind == Kind.BUNDLE:
        bundle_pdf(
            package,
            variant=variant,
            out_path=str(path),
            version_number=version_number,
            changes=[change_text(change) for change in (changes or [])],
            cache=cache,
            progress=progress,
        )
        return path
    path.write_bytes(
        layout.agenda_pdf(
            package,
            variant=variant,
            version_number=version_number,
            minutes=True,
            attendance=attendance,
        )
    )
    return path


def package_files(
    frozen: Package,
    *,
    folder: str,
    minutes=False,
    cache=None,
    failures: list | None = None,
    **options,
) -> Iterator[tuple[str, str, Path]]:
    """Render every document of a package in turn into folder; yields (kind, variant, path).

    A bundle that cannot be made because of one annex is left out and its reason appended to
    failures (if given; otherwise it is raised)."""
    cache = cache or TempCache(folder)
    for kind, variant in document_kinds(minutes=minutes):
        try:
            path = document_render(
                frozen,
                kind=kind,
                variant=variant,
                folder=folder,
                minutes=minutes,
                cache=cache,
                **options,
            )
        except AnnexUnusable as error:
            if failures is None:
                raise
            failures.append(str(error))
        else:
            yield kind, variant, path


def package_documents(frozen: Package, **options):
    """Render every document of a package; yields (kind, variant, pdf bytes)."""
    with tempfile.TemporaryDirectory(prefix="kkr-render-") as folder:
        for kind, variant, path in package_files(frozen, folder=folder, **options):
            yield kind, variant, path.read_bytes()


def document_store(
    *, version: PackageVersion, kind: str, variant: str, data: bytes | None = None, path=None
):
    """Write one finished PDF (bytes, or a file streamed from path) and then, only then, make it
    visible."""
    if path is None:
        folder = tempfile.TemporaryDirectory(prefix="kkr-store-")
        path = Path(folder.name) / "document.pdf"
        path.write_bytes(data)
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
        handle.seek(0)
        name = f"packages/{version.meeting.uid}/v{version.number}/{kind}-{variant}-{digest.hexdigest()[:12]}.pdf"
        # Always a fresh write: a file left half-written by a dead worker under this name is
        # never reused; the storage picks a free name and the row points only at a complete file.
        name = default_storage.save(name, File(handle))
    document, _created = VersionDocument.objects.get_or_create(
        version=version,
        kind=kind,
        variant=variant,
        defaults={
            "file": name,
            "size": size,
            "sha256": digest.hexdigest(),
            "page_count": page_count(str(path)),
        },
    )
    return document
