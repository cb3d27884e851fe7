"""The pack a municipality files in its case system (ESDH): the agenda, the minutes and one PDF
per annex that its audience may read, with a manifest in JSON and XML naming for each file the
KKR case number, the item, the annex title, the file name, SHA-512, pages and the KLE number.
Beside each original lies its PDF/A-2b preservation copy under bevaring/ where one can be made
(municipalities/preservation.py), and a digitally signed annex's upload as it was sent under
underskrevet/ (the annex itself is its reader's copy, which no signature covers); the manifest
says which file is which, and who signed a signed one, when, and whether it is unchanged since."""

import hashlib
import json
import os
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from xml.etree import ElementTree

import pikepdf
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kkr_portal import files
from meetings import visibility
from meetings.models import PackageVersion, VersionDocument
from meetings.package import Package
from meetings.publishing.bundle import reader_copy_ensure
from meetings.publishing.cache import StorageCache
from meetings.publishing.reader_source import ReaderSource, reader_source
from municipalities import preservation
from municipalities.models import MunicipalityPack

MANIFEST_FORMAT = "kkr-portal-pakke/2"
ORIGINAL, PDFA, SIGNED = "original", "PDF/A-2b", "underskrevet original"
PDFA_FOLDER, SIGNED_FOLDER = "bevaring/", "underskrevet/"
SIGNED_NOTE = "Bilaget som sendt, med digitale underskrifter; læsekopien er %s"
# Fixed entry times make the same version's pack the same bytes, whenever it is built.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


Kind = VersionDocument.Kind


class PackNotReady(Exception):
    """The version's agenda is not rendered yet; the pack can be built once it is."""


@dataclass(frozen=True)
class PackFile:
    name: str
    kind: str
    item_number: str
    item_title: str
    case_number: str
    kle_number: str
    annex_number: int | None
    annex_title: str
    council_deadline: str
    sha512: str
    pages: int
    size: int
    form: str = ORIGINAL  # "original" or "PDF/A-2b"
    copy_of: str = ""  # a preservation copy: the file in the pack it preserves
    note: str = ""  # an original without a preservation copy: why
    # A signed original: who signed it, when, and whether the signature holds (`intact`).
    signers: tuple[dict, ...] = ()


def pack_variant(audience: visibility.Audience) -> str:
    return (
        VersionDocument.Variant.MEMBERS if audience.sees_closed else VersionDocument.Variant.PUBLIC
    )


def _digest(name: str) -> tuple[str, int, int]:
    """(SHA-512, bytes, pages) of a stored PDF."""
    digest, size = hashlib.sha512(), 0
    with default_storage.open(name, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
        handle.seek(0)
        with pikepdf.open(handle) as pdf:
            pages = len(pdf.pages)
    return digest.hexdigest(), size, pages


def _sources(version: PackageVersion, package: Package, audience, deadlines: dict):
    """(file in the pack, storage name or the annex to copy, the version's document or None for
    an annex, facts) for every document the audience may read."""
    variant = pack_variant(audience)
    documents = {d.kind: d for d in version.documents.filter(variant=variant)}
    if VersionDocument.Kind.AGENDA not in documents:
        raise PackNotReady(version.pk)
    # Retention may have taken the agenda (and the annexes) off the audience's site: not packed.
    for retired in visibility.retired_documents(version.meeting, audience):
        documents.pop(retired, None)
    blank = {"item_number": "", "item_title": "", "case_number": "", "kle_number": "",
             "annex_number": None, "annex_title": "", "council_deadline": ""}  # fmt: skip
    for kind, name in ((VersionDocument.Kind.AGENDA, "dagsorden.pdf"),
                       (VersionDocument.Kind.MINUTES, "referat.pdf")):  # fmt: skip
        if kind in documents:
            yield name, documents[kind].file.name, documents[kind], {**blank, "kind": kind}
    for item in package.items():
        for annex in item.annexes:
            if not annex.visible:
                continue
            slug = slugify(annex.title)[:60] or "bilag"
            yield (
                f"bilag/{item.number}-bilag-{annex.number}-{slug}.pdf",
                AnnexSource(
                    reader_source(annex.file, annex.sha256),
                    f"Bilag {annex.number} til punkt {item.number}",
                    signed_original=annex.signed_file if annex.signed_original else "",
                    signers=tuple(_signer(signer) for signer in annex.signers),
                ),
                None,
                {
                    "kind": VersionDocument.Kind.BUNDLE,
                    "item_number": item.number,
                    "item_title": item.title,
                    "case_number": item.case_number,
                    "kle_number": item.kle_number,
                    "annex_number": annex.number,
                    "annex_title": annex.title,
                    "council_deadline": deadlines.get(item.id, ""),
                },
            )


@dataclass(frozen=True)
class AnnexSource:
    """An annex whose reader's copy goes into the pack: the file the copy is made from, looked
    up here, as that asks the database (the threads that make copies do not)."""

    source: ReaderSource
    label: str
    # The upload as sent, where it is signed and may be handed on (publishing/signatures.py).
    signed_original: str = ""
    signers: tuple[dict, ...] = ()


def _signer(signer) -> dict:
    """A signer as the frozen package keeps it, `holds` named `intact`: the file is as signed
    (None: not known). Whether the certificate is trusted is the case system's to judge."""
    data = signer.to_json()
    data["intact"] = data.pop("holds")
    return data


def _annex_files(annex: AnnexSource) -> tuple[str, preservation.Preserved]:
    """(the reader's copy, its PDF/A-2b copy): made once per content, kept in storage."""
    cache = StorageCache()
    stored = cache.name(reader_copy_ensure(annex.source, cache, label=annex.label))
    return stored, preservation.converted_copy(stored)


def _made(version, audience, sources) -> dict[str, tuple[str, preservation.Preserved]]:
    """(stored file, PDF/A-2b copy or why none) of each file. Readers' copies and conversions
    of annexes run side by side, one per core (each in its own child process); agenda and
    minutes are laid out here."""
    annexes = {name: source for name, source, document, _facts in sources if document is None}
    workers = max(1, min(len(annexes), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        made = dict(zip(annexes, pool.map(_annex_files, annexes.values()), strict=True))
    for name, stored, document, _facts in sources:
        if document is not None:
            made[name] = (stored, preservation.document_copy(version, document, audience))
    return made


def manifest(version: PackageVersion, package: Package, municipality, audience, files) -> dict:
    facts = package.meeting
    return {
        "format": MANIFEST_FORMAT,
        "meeting": {
            "uid": facts.uid,
            "title": facts.title,
            "body": facts.body,
            "start": facts.start.isoformat(),
            "location": facts.location,
        },
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "municipality": {"name": municipality.name, "code": municipality.code},
        "audience": str(audience),
        "files": [asdict(file) for file in files],
    }


XML_FIELDS = (
    ("item_number", "punkt"), ("item_title", "punkttitel"), ("case_number", "sagsnummer"),
    ("kle_number", "kle"), ("annex_number", "bilagsnummer"), ("annex_title", "bilagstitel"),
    ("council_deadline", "frist_kommunalbestyrelse"), ("sha512", "sha512"), ("pages", "sider"),
    ("size", "bytes"), ("form", "form"), ("copy_of", "kopi_af"), ("note", "bemaerkning"),
)  # fmt: skip


SIGNER_FIELDS = (("name", "navn"), ("organisation", "organisation"), ("date", "dato"),
                 ("intact", "uaendret"))  # fmt: skip


def _xml_fields(parent, values: dict, fields) -> None:
    """An element per field that has a value; yes and no in Danish."""
    for key, tag in fields:
        value = values[key]
        if value not in ("", None):
            text = ("ja" if value else "nej") if isinstance(value, bool) else str(value)
            ElementTree.SubElement(parent, tag).text = text


def manifest_xml(data: dict) -> bytes:
    root = ElementTree.Element("pakke", format=data["format"], version=str(data["version"]))
    meeting = ElementTree.SubElement(root, "moede")
    for key, value in data["meeting"].items():
        ElementTree.SubElement(meeting, key).text = str(value)
    ElementTree.SubElement(
        root, "kommune", navn=data["municipality"]["name"], kode=str(data["municipality"]["code"])
    )
    files = ElementTree.SubElement(root, "filer")
    for entry in data["files"]:
        element = ElementTree.SubElement(files, "fil", navn=entry["name"], type=entry["kind"])
        _xml_fields(element, entry, XML_FIELDS)
        for signer in entry["signers"]:
            _xml_fields(ElementTree.SubElement(element, "underskriver"), signer, SIGNER_FIELDS)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _add(archive, name: str, stored: str) -> None:
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    with default_storage.open(stored, "rb") as source, archive.open(entry, "w") as target:
        while chunk := source.read(1 << 20):
            target.write(chunk)


def pack_write(version, municipality, audience, *, deadlines: dict, out_path: str) -> dict:
    """Write the ZIP to out_path; returns its manifest."""
    package = visibility.typed_package_for(version, audience=audience)
    files = []
    with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        sources = list(_sources(version, package, audience, deadlines))
        made = _made(version, audience, sources)
        for name, source, _document, facts in sources:
            stored, copy = made[name]
            sha512, size, pages = _digest(stored)
            files.append(PackFile(name=name, sha512=sha512, pages=pages, size=size,
                                  note=copy.reason, **facts))  # fmt: skip
            _add(archive, name, stored)
            if copy.name:
                sha512, size, pages = _digest(copy.name)
                files.append(PackFile(name=PDFA_FOLDER + name, sha512=sha512, pages=pages,
                                      size=size, form=PDFA, copy_of=name, **facts))  # fmt: skip
                _add(archive, PDFA_FOLDER + name, copy.name)
            if isinstance(source, AnnexSource) and source.signed_original:
                # The signed file itself, for the case system to keep with its signatures.
                sha512, size, pages = _digest(source.signed_original)
                files.append(PackFile(name=SIGNED_FOLDER + name, sha512=sha512, pages=pages,
                                      size=size, form=SIGNED, copy_of=name,
                                      note=SIGNED_NOTE % name, signers=source.signers,
                                      **facts))  # fmt: skip
                _add(archive, SIGNED_FOLDER + name, source.signed_original)
        data = manifest(version, package, municipality, audience, files)
        for name, content in (
            ("manifest.json", json.dumps(data, ensure_ascii=False, indent=2).encode()),
            ("manifest.xml", manifest_xml(data)),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), content)
    return data


def requeue_if_retired(pack) -> bool:
    """A built pack that holds a class of documents retention has since taken off its audience's
    site (time passed, or the retention was shortened) is queued to be built again, and its file
    leaves once the transaction commits; True if so (the caller dispatches the build). A pack
    built before packs recorded what they hold counts as holding everything."""
    if pack.status != MunicipalityPack.Status.DONE:
        return False
    retired = visibility.retired_documents(pack.version.meeting, visibility.Audience(pack.audience))
    held = set(pack.holds) if pack.holds else set(visibility.DocumentClass)
    if not retired & held:
        return False
    stale = pack.file.name
    requeued = MunicipalityPack.objects.filter(
        pk=pack.pk, status=MunicipalityPack.Status.DONE
    ).update(status=MunicipalityPack.Status.QUEUED, file="", size=0, finished=None, holds=[])
    if requeued and stale:
        transaction.on_commit(lambda: default_storage.delete(stale))
    return bool(requeued)


def pack_files_release(sender, released, **kwargs) -> set[str]:
    """The files made for packs from what a delete released: the PDF/A-2b copies of its stored
    files (readers' copies, imported originals) and everything stored under its versions' names
    (the preservation copies of their documents, and packs whose rows went when a file in them
    changed), named as preservation.py and services.py name them (answers
    meetings' `files_released`)."""
    names = {
        f"{preservation.FOLDER}/bilag/{hashlib.sha256(name.encode()).hexdigest()}-pdfa2b.pdf"
        for name in released.names
    }
    for meeting_uid, number in released.versions:
        for folder in (preservation.FOLDER, "packs"):
            names.update(
                name for name, _at in files.stored_under(f"{folder}/{meeting_uid}/v{number}")
            )
    return names


def pack_filename(version: PackageVersion, municipality) -> str:
    facts = visibility.typed_package_for(version, audience=visibility.Audience.PUBLIC).meeting
    start = timezone.localtime(facts.start)
    return f"kkr-{start:%Y-%m-%d}-v{version.number}-{municipality.code}.zip"


def temporary_pack_path() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="kkr-pack-")
