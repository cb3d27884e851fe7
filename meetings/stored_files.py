"""The stored files of deleted versions and meetings: their PDFs, annexes, packs and the readers'
copies of their annexes leave the store (disk or bucket) once nothing else refers to them. An
annex file copied into another meeting, or frozen in another version, stays."""

from collections.abc import Callable

from django.db import router
from django.db.models import TextField
from django.db.models.deletion import Collector
from django.db.models.functions import Cast

from kkr_portal import files
from meetings.models import Annex, PackageVersion
from meetings.package import Package
from meetings.publishing.bundle import reader_copy_key
from meetings.publishing.cache import StorageCache


def _frozen_elsewhere(text: str) -> bool:
    """A remaining version's frozen package names this file or checksum."""
    return (
        PackageVersion.objects.annotate(text=Cast("snapshot", TextField()))
        .filter(text__contains=text)
        .exists()
    )


def files_release_after_delete(rows: list) -> Callable[[], int]:
    """Note, before `rows` are deleted, every stored file they and their cascade hold; the
    returned function (run it after commit) deletes those no remaining row needs and returns how
    many files it removed."""
    if not rows:
        return lambda: 0
    collector = Collector(using=router.db_for_write(type(rows[0])))
    collector.collect(rows)
    names = files.file_names(collector.data, collector.fast_deletes)
    # Readers' copies are keyed by what they were made from: note the keys while the rows exist.
    copies = {
        annex.sha256: reader_copy_key({"file": annex.file.name, "sha256": annex.sha256})
        for annex in collector.data.get(Annex, ())
    }
    for version in collector.data.get(PackageVersion, ()):
        for _item, annex in Package.from_json(version.snapshot).annexes():
            names.add(annex.file)
            copies.setdefault(annex.sha256, reader_copy_key(annex.to_json()))

    def release() -> int:
        kept = files.referenced(names)
        gone = {name for name in names - kept if not _frozen_elsewhere(name)}
        in_use = set(Annex.objects.filter(sha256__in=copies).values_list("sha256", flat=True))
        cache = StorageCache()
        for checksum, key in copies.items():
            copy = None if checksum in in_use else cache.name(key)
            if copy and not _frozen_elsewhere(checksum):
                gone.add(copy)
        return files.delete_names(gone)

    return release
