"""Every change to notes: writing, editing (offline edits that crossed another edit keep both),
deleting, and moving them to their place in a newly published version."""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings import visibility
from meetings.models import Meeting, PackageVersion
from meetings.package import Item, Package
from notes import selectors
from notes.anchoring import Quote, item_text, quote_find, quote_find_in_pages
from notes.models import Note
from notes.pagetext import stored_pdf_page_texts
from notes.rules import may_take_notes

log = logging.getLogger(__name__)
MAX_QUOTE = 2000
MAX_BODY = 20000


@dataclass(frozen=True)
class NoteInput:
    """What a browser sends for a new note (a selection in an item's text or on an annex page)."""

    item_number: str
    exact: str
    prefix: str = ""
    suffix: str = ""
    position: int | None = None
    body: str = ""
    annex_uid: str | None = None
    page: int | None = None
    uid: str | None = None


def _clean(data: NoteInput) -> NoteInput:
    exact = " ".join((data.exact or "").split())
    if not exact:
        raise ValidationError(_("Markér den tekst, noten skal høre til."), code="empty")
    if len(exact) > MAX_QUOTE:
        raise ValidationError(
            _("Markeringen er for lang (højst %(n)s tegn).") % {"n": MAX_QUOTE}, code="long"
        )
    if len(data.body or "") > MAX_BODY:
        raise ValidationError(
            _("Noten er for lang (højst %(n)s tegn).") % {"n": MAX_BODY}, code="long"
        )
    return NoteInput(
        **{
            **data.__dict__,
            "exact": exact,
            "prefix": (data.prefix or "")[-200:],
            "suffix": (data.suffix or "")[:200],
            "body": (data.body or "").strip(),
        }
    )


@transaction.atomic
def note_create(*, author, meeting: Meeting, data: NoteInput) -> Note:
    """A new note on the newest version of a package the author may read.

    Sent again with the same uid (a device that was offline and retries), it updates that note."""
    if not may_take_notes(author):
        raise PermissionDenied
    data = _clean(data)
    if data.uid:
        existing = Note.objects.filter(uid=data.uid).first()
        if existing is not None:
            if existing.author_id != author.pk:
                raise PermissionDenied
            return note_update(note=existing, body=data.body)
    target = selectors.note_target(
        user=author, meeting_id=meeting.pk, item_number=data.item_number, annex_uid=data.annex_uid
    )
    page = None
    if target.annex is not None:
        page = data.page or 0
        if not 1 <= page <= max(target.annex.page_count, 1):
            raise ValidationError(_("Bilaget har ikke side %(page)s.") % {"page": page})
    note = Note(
        author=author,
        meeting=meeting,
        version_number=target.version_number,
        item_id=target.item.id,
        item_number=target.item.number,
        annex_uid=target.annex.uid if target.annex else None,
        annex_sha256=target.annex.sha256 if target.annex else "",
        page=page,
        exact=data.exact,
        prefix=data.prefix,
        suffix=data.suffix,
        position=data.position if (data.position or 0) >= 0 else None,
        body=data.body,
    )
    if data.uid:
        note.uid = data.uid
    note.save()
    return note


@transaction.atomic
def note_update(*, note: Note, body: str, known_updated: datetime.datetime | None = None) -> Note:
    """Change a note's text. An edit made against an older copy of the note (offline, while the
    note was changed elsewhere) does not overwrite: it is kept as a second note beside it."""
    if len(body or "") > MAX_BODY:
        raise ValidationError(_("Noten er for lang (højst %(n)s tegn).") % {"n": MAX_BODY})
    current = Note.objects.select_for_update().get(pk=note.pk)
    body = (body or "").strip()
    if current.body == body:
        return current
    if known_updated is not None and current.updated > known_updated:
        copy = Note.objects.get(pk=note.pk)
        copy.pk, copy.uid, copy.body = None, uuid.uuid4(), body
        copy.save()
        return copy
    current.body = body
    current.save(update_fields=["body", "updated"])
    return current


def note_delete(*, note: Note) -> None:
    note.delete()


def _annex_by(package: Package, *, uid: str | None = None, sha256: str | None = None):
    for item, annex in package.annexes():
        if (uid and annex.uid == uid) or (sha256 and annex.sha256 == sha256):
            return item, annex
    return None, None


def _place_on_annex(note: Note, new: Package) -> None:
    uid = str(note.annex_uid)
    new_item, annex = _annex_by(new, uid=uid)
    if annex is None or annex.sha256 != note.annex_sha256:
        # The same file may have been uploaded again as another annex: the same pages.
        same_item, same_file = _annex_by(new, sha256=note.annex_sha256)
        if same_file is not None:
            new_item, annex = same_item, same_file
    if annex is None:
        note.status = Note.Status.UNPLACED
        return
    if annex.sha256 != note.annex_sha256:
        pages = stored_pdf_page_texts(annex.file)
        quote = Quote(note.exact, note.prefix, note.suffix, note.position)
        hit = quote_find_in_pages(pages, quote, near_page=note.page)
        if hit is None:
            note.status = Note.Status.UNPLACED
            return
        if hit.page != note.page:
            note.moved_from_page, note.status = note.page, Note.Status.MOVED
        note.page = hit.page
        _take_match(note, hit.match)
    note.annex_uid, note.annex_sha256 = annex.uid, annex.sha256
    _renumber(note, new_item)


def _take_match(note: Note, match) -> None:
    """The note's new place. Its words stay the member's unless they changed: the server's text
    of a PDF spaces and breaks them otherwise than the reader's browser does."""
    if match.fuzzy:
        note.exact = match.exact
    note.prefix, note.suffix, note.position = match.prefix, match.suffix, match.start


def _renumber(note: Note, item: Item) -> None:
    if item.number != note.item_number:
        note.moved_from_item, note.status = note.item_number, Note.Status.MOVED
    note.item_id, note.item_number = item.id, item.number


def _place_on_item(
    note: Note, old: Package | None, new: Package, *, old_decisions: bool, new_decisions: bool
):
    old_item = old.find_item(item_id=note.item_id) if old is not None else None
    new_item = new.find_item(item_id=note.item_id)
    if new_item is None:
        note.status = Note.Status.UNPLACED
        return
    before = item_text(old_item, with_decision=old_decisions) if old_item else None
    after = item_text(new_item, with_decision=new_decisions)
    if before != after:
        quote = Quote(note.exact, note.prefix, note.suffix, note.position)
        match = quote_find(after, quote)
        if match is None:
            note.status = Note.Status.UNPLACED
            return
        _take_match(note, match)
    _renumber(note, new_item)


def notes_reanchor(*, version: PackageVersion) -> dict[str, int]:
    """Move every note of the meeting to its place in this (newly published) version; a note
    whose quote is gone goes to the tray, with its quote. Never deletes a note."""
    counts = {"same": 0, "moved": 0, "unplaced": 0}
    notes = Note.objects.filter(
        meeting_id=version.meeting_id, version_number__lt=version.number
    ).exclude(status=Note.Status.UNPLACED)
    earlier = PackageVersion.objects.filter(
        meeting_id=version.meeting_id, number__lt=version.number
    ).values_list("number", "snapshot")
    packages = {number: Package.from_json(snapshot) for number, snapshot in earlier}
    new = Package.from_json(version.snapshot)
    decisions = dict(
        PackageVersion.objects.filter(meeting_id=version.meeting_id).values_list(
            "number", "includes_decisions"
        )
    )
    for note in notes:
        with transaction.atomic():
            note = Note.objects.select_for_update().filter(pk=note.pk).first()
            if note is None or note.version_number >= version.number:
                continue
            old = packages.get(note.version_number)
            note.moved_from_page, note.moved_from_item = None, ""
            note.status = Note.Status.PLACED
            if note.on_annex:
                _place_on_annex(note, new)
            else:
                _place_on_item(
                    note,
                    old,
                    new,
                    old_decisions=decisions.get(note.version_number, False),
                    new_decisions=version.includes_decisions,
                )
            note.checked_version = version.number
            if note.status != Note.Status.UNPLACED:
                note.version_number = version.number
            note.save()
            counts[note.status if note.status != Note.Status.PLACED else "same"] += 1
    log.info("Notes re-anchored to version %s: %s", version.pk, counts)
    return counts


def notes_catch_up(*, meeting_id: int) -> None:
    """Re-anchor now if a publication's task never ran (the broker was down): harmless when it
    did, since notes already on the newest version are left alone."""
    latest = (
        visibility.readable_versions().filter(meeting_id=meeting_id).order_by("-number").first()
    )
    if latest is None:
        return
    behind = (
        Note.objects.filter(meeting_id=meeting_id, version_number__lt=latest.number)
        .exclude(status=Note.Status.UNPLACED)
        .exists()
    )
    if behind:
        notes_reanchor(version=latest)
