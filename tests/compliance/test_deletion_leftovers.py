"""Deleting a meeting or a version takes everything made from it out of storage: its OCR copies,
its readers' copies and the cached layout of its pages (the last by the sweep, once no render can
be using them). A scan copied into another meeting keeps its OCR copy and its readers' copy."""

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from compliance.models import AnnexOcr
from meetings import services, stored_files
from meetings.models import Annex
from meetings.publishing.bundle import reader_copy_key
from meetings.publishing.cache import StorageCache
from meetings.publishing.reader_source import reader_source
from municipalities.services import packs_outdated
from search.models import AnnexText
from search.services import annex_text_extract
from tests.annexes.helpers import publish_and_render
from tests.compliance.leftovers import (
    CLOSED_TEXT,
    ITEM_TITLE,
    MARKERS,
    holding,
    packs_built,
    scanned_meeting,
)
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

pytestmark = pytest.mark.django_db


def stored() -> dict[str, bytes]:
    """Every file under MEDIA_ROOT, read from the disk itself."""
    root = Path(default_storage.location)
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def after_the_grace() -> datetime.datetime:
    return timezone.now() + stored_files.DERIVED_FILES_GRACE + datetime.timedelta(minutes=1)


def test_a_deleted_meeting_leaves_no_file_with_its_words(
    tmp_path, django_capture_on_commit_callbacks
):
    meeting, version, scan = scanned_meeting(tmp_path)
    annexes = Annex.objects.filter(item__section__meeting=meeting)
    checksums = set(annexes.values_list("sha256", flat=True))
    for annex in annexes:
        annex_text_extract(annex_id=annex.pk)
    # The search app's text of the closed annex holds its words too.
    assert AnnexText.objects.filter(sha256__in=checksums, text__contains=CLOSED_TEXT).exists()
    packs_built(version)
    # A file in the packs changed (a scan read again): their rows go, to be built anew.
    packs_outdated(version_ids=[version.pk])
    packs_built(version)
    ocr = AnnexOcr.objects.get(sha256=scan.sha256)
    before = holding(stored())
    # The municipalities' packs and their preservation copies hold the words as well.
    assert any(name.startswith("packs/") for name in before)
    assert any(name.startswith("bevaring/bilag/") for name in before)
    assert any(name.startswith(f"bevaring/{meeting.uid}/") for name in before)
    # The words are there to find: in the OCR copy, a reader's copy of it, the rendered
    # documents, and the cached layout of the contents and dividers (by content key).
    assert "kommunerne" in before[ocr.file.name]
    cached = {name: hits for name, hits in before.items() if name.startswith("cache/")}
    assert any("kommunerne" in hits for hits in cached.values())
    assert any("Xylofonpunkt" in hits for hits in cached.values())
    assert len(before) > 6

    with django_capture_on_commit_callbacks(execute=True):
        services.meetings_delete(meetings=[meeting])
    assert not AnnexOcr.objects.filter(sha256=scan.sha256).exists()
    assert not AnnexText.objects.filter(sha256__in=checksums).exists()
    left = holding(stored())
    # At once: the OCR copy, every reader's copy of the meeting's annexes, its documents.
    assert not default_storage.exists(ocr.file.name)
    assert not [name for name, hits in left.items() if "kommunerne" in hits]
    assert all(name.startswith("cache/") for name in left)
    # The sweep keeps cache entries younger than its grace period (a render may be using them)
    stored_files.derived_files_sweep()
    assert holding(stored()) == left
    # and takes every entry no remaining row needs once they are older.
    removed = stored_files.derived_files_sweep(now=after_the_grace())
    assert removed >= len(left)
    assert holding(stored()) == {}
    assert stored() == {}


def test_a_deleted_version_takes_the_scan_it_alone_held(
    tmp_path, django_capture_on_commit_callbacks
):
    meeting, first, scan = scanned_meeting(tmp_path)
    packs_built(first)
    ocr = AnnexOcr.objects.get(sha256=scan.sha256)
    # The draft drops the scan and the closed annex; version 2 is published without them.
    Annex.objects.filter(item__section__meeting=meeting).delete()
    second, job = publish_and_render(meeting)
    assert job.status == "done", job.error
    assert "kommunerne" in holding(stored())[ocr.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.version_delete(version=first)
    stored_files.derived_files_sweep(now=after_the_grace())
    assert not AnnexOcr.objects.filter(sha256=scan.sha256).exists()
    left = holding(stored())
    # Nothing holds the annexes' words; the item's title stays in version 2's documents.
    assert not [name for name, hits in left.items() if hits - {"Xylofonpunkt"}]
    assert left and set(left) <= {document.file.name for document in second.documents.all()}


def test_a_scan_copied_into_another_meeting_keeps_its_ocr_copy_and_readers_copy(
    tmp_path, django_capture_on_commit_callbacks
):
    meeting, _version, scan = scanned_meeting(tmp_path)
    ocr = AnnexOcr.objects.get(sha256=scan.sha256)
    other = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=other), title="Genbrugt punkt")
    copy = Annex.objects.create(
        item=item, position=1, title="Kopieret notat", file=scan.file.name,
        original_name=scan.original_name, size=scan.size, sha256=scan.sha256,
        page_count=scan.page_count,
    )  # fmt: skip
    key = reader_copy_key(reader_source(copy.file.name, copy.sha256))
    assert StorageCache().name(key) is not None

    with django_capture_on_commit_callbacks(execute=True):
        services.meetings_delete(meetings=[meeting])
    stored_files.derived_files_sweep(now=after_the_grace())
    assert AnnexOcr.objects.get(sha256=scan.sha256).file.name == ocr.file.name
    assert default_storage.exists(ocr.file.name)
    assert default_storage.exists(copy.file.name)
    copied = StorageCache().name(key)
    assert copied is not None
    left = holding(stored())
    assert set(left) == {ocr.file.name, copied}
    # The first meeting's title and closed annex are gone with it.
    assert not [hits for hits in left.values() if hits & {"Xylofonpunkt", *MARKERS[3:]}]
    assert ITEM_TITLE not in str(left)


def test_the_sweep_takes_an_ocr_copy_left_without_its_annex(tmp_path):
    meeting, _version, scan = scanned_meeting(tmp_path)
    ocr = AnnexOcr.objects.get(sha256=scan.sha256)
    # Left behind: the meeting went without the release (a delete that raced the OCR).
    meeting.delete()
    stored_files.derived_files_sweep()
    assert AnnexOcr.objects.filter(pk=ocr.pk).exists()  # within the grace period
    stored_files.derived_files_sweep(now=after_the_grace())
    assert not AnnexOcr.objects.filter(pk=ocr.pk).exists()
    assert not default_storage.exists(ocr.file.name)
    # Its readers' copies went too; the rendered documents are the rows' files (the release's).
    left = [name for name, hits in holding(stored()).items() if "kommunerne" in hits]
    assert left and all(name.startswith("packages/") for name in left)


def test_the_sweep_is_scheduled():
    from kkr_portal.celery import app

    app.loader.import_default_modules()  # as a worker does at start: the apps' task modules
    entries = [entry for entry in app.conf.beat_schedule.values()]
    assert any(entry["task"] == stored_files.SWEEP_TASK for entry in entries)
    assert stored_files.SWEEP_TASK in app.tasks
