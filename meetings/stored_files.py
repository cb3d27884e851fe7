"""The stored files of deleted versions and meetings: their PDFs, annexes, packs, the readers'
copies of their annexes and what other apps made from those annexes (the OCR copy of a scan)
leave the store (disk or bucket) once nothing else refers to them. An annex file copied into
another meeting, or frozen in another version, stays with everything made from it.

The derived-file cache (readers' copies, laid-out contents and divider pages, keyed by content)
is swept as well: an entry that no remaining annex or version needs goes once it is older than
a grace period, so a render that is using it is never cut short. Deleting sends the sweep; Celery
beat runs it every hour besides (CELERY_BEAT_SCHEDULE)."""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from celery import current_app
from django.db import router
from django.db.models import TextField
from django.db.models.deletion import Collector
from django.db.models.functions import Cast
from django.utils import timezone

from kkr_portal import files
from meetings import signals
from meetings.models import Annex, PackageVersion
from meetings.package import Package
from meetings.publishing.bundle import reader_copy_key
from meetings.publishing.cache import StorageCache
from meetings.publishing.dispatch import send_task
from meetings.publishing.reader_source import reader_sources

log = logging.getLogger(__name__)
SWEEP_TASK = "meetings.tasks.derived_files_sweep"
# Cache entries younger than this stay, needed or not: a render may be reading them.
DERIVED_FILES_GRACE = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Released:
    """What a delete lets go of, for the apps that made files from it."""

    checksums: frozenset[str]  # annex files that no remaining row or frozen version names
    names: frozenset[str]  # stored files that leave (annexes, documents, readers' copies)
    versions: tuple[tuple[str, int], ...]  # (meeting uid, number) of each deleted version


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
    annexes = [(annex.file.name, annex.sha256) for annex in collector.data.get(Annex, ())]
    copies = {
        sha256: reader_copy_key(source)
        for (_name, sha256), source in zip(annexes, reader_sources(annexes), strict=True)
    }
    versions = tuple(
        PackageVersion.objects.filter(
            pk__in=[v.pk for v in collector.data.get(PackageVersion, ())]
        ).values_list("meeting__uid", "number")
    )
    frozen_annexes = [
        annex
        for version in collector.data.get(PackageVersion, ())
        for _item, annex in Package.from_json(version.snapshot).annexes()
    ]
    frozen = [(annex.file, annex.sha256) for annex in frozen_annexes]
    names.update(name for annex in frozen_annexes for name in (annex.file, annex.sent) if name)
    for (_name, sha256), source in zip(frozen, reader_sources(frozen), strict=True):
        copies.setdefault(sha256, reader_copy_key(source))

    def release() -> int:
        kept = files.referenced(names)
        gone = {name for name in names - kept if not _frozen_elsewhere(name)}
        in_use = set(Annex.objects.filter(sha256__in=copies).values_list("sha256", flat=True))
        unused = {c for c in copies if c and c not in in_use and not _frozen_elsewhere(c)}
        cache = StorageCache()
        gone.update(filter(None, (cache.name(copies[checksum]) for checksum in unused)))
        released = Released(frozenset(unused), frozenset(gone), versions)
        for _receiver, made in signals.files_released.send(sender=Released, released=released):
            gone.update(made)
        removed = files.delete_names(gone)
        # The cached layout of the deleted pages is keyed by content: the sweep finds it.
        send_task(current_app.signature(SWEEP_TASK))
        return removed

    return release


def _needed_annexes() -> set[tuple[str, str]]:
    """(stored name, checksum) of every annex file a remaining annex or version names."""
    annexes = set(Annex.objects.values_list("file", "sha256").distinct())
    for snapshot in PackageVersion.objects.values_list("snapshot", flat=True).iterator(100):
        annexes.update((a.file, a.sha256) for _item, a in Package.from_json(snapshot).annexes())
    return annexes


def _entries_older_than(moment: datetime.datetime) -> Iterable[str]:
    return [name for name, modified in files.stored_under(StorageCache.prefix) if modified < moment]


def derived_files_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete what no remaining row needs and is older than the grace period: cache entries
    (laid-out pages, readers' copies of deleted or replaced annex files) and what the apps made
    from files that are gone (also what a delete that raced their work left); returns how many."""
    before = (now or timezone.now()) - DERIVED_FILES_GRACE
    old = _entries_older_than(before)
    annexes = _needed_annexes()
    needed = {reader_copy_key(source) for source in reader_sources(annexes)}
    unneeded = {name for name in old if name.rsplit("/", 1)[-1].split("-", 1)[0] not in needed}
    checksums = {checksum for _name, checksum in annexes if checksum}
    answers = signals.files_swept.send(sender=Released, needed=checksums, before=before)
    for _receiver, made in answers:
        unneeded.update(made)
    if unneeded:
        log.info("Derived-file sweep: %s files no row needs", len(unneeded))
    return files.delete_names(unneeded)
