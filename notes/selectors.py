"""Reads of notes, always for their author, and only where the author may still read what the
note is about (a closed annex's notes disappear with the right to see the annex). What may be
seen is asked of the meetings app's reader package, never restated here."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from meetings import selectors as meeting_selectors
from meetings import visibility
from meetings.package import Annex, Item, Package
from notes.models import Note


@dataclass(frozen=True)
class NoteTarget:
    version_number: int
    item: Item
    annex: Annex | None


def note_target(*, user, meeting_id: int, item_number: str, annex_uid: str | None) -> NoteTarget:
    """The item (and annex) of the newest version a new note is written on, as this user may
    read it; refused when the user may not read its text."""
    package = meeting_selectors.reader_package(meeting_id=meeting_id, user=user)
    if package.version is None:
        raise ValidationError(_("Mødet er ikke offentliggjort endnu."))
    item = package.typed.find_item(number=item_number)
    if item is None:
        raise ValidationError(_("Punkt %(n)s findes ikke i mødet.") % {"n": item_number})
    if not annex_uid:
        if not item.texts:
            raise ValidationError(_("Punktets tekst er lukket."))
        return NoteTarget(package.version.number, item, None)
    annex = next((a for a in item.annexes if a.uid == str(annex_uid)), None)
    if annex is None or not annex.visible:
        raise ValidationError(_("Bilaget findes ikke i punktet."))
    return NoteTarget(package.version.number, item, annex)


def _readable(note: Note, package: Package) -> bool | None:
    """Whether the note's item or annex is readable in this audience's package (None: absent)."""
    if note.annex_uid is None:
        item = package.find_item(item_id=note.item_id)
        return None if item is None else bool(item.texts)
    found = package.find_annex(str(note.annex_uid))
    return None if found is None else found[1].visible


def notes_for_meeting(*, user, meeting_id: int, query: str = "", package=None) -> list[Note]:
    """The user's own notes on a meeting that they may still read (Http404: the meeting is not
    readable for them at all). `package`: the user's reader package of the meeting's newest
    version when the caller has it already (the meeting page)."""
    if package is None:
        package = meeting_selectors.reader_package(meeting_id=meeting_id, user=user)
    notes = Note.objects.filter(author=user, meeting_id=meeting_id)
    if query:
        notes = notes.filter(Q(body__icontains=query) | Q(exact__icontains=query))
    notes = list(notes)
    if not notes:  # nothing to check: the package's text is not loaded
        return []
    packages = {package.version.number if package.version else 0: package.typed}
    visible = []
    for note in notes:
        readable = _readable(note, package.typed)
        if readable is None:  # gone from the newest version: ask the version it was written on
            if note.version_number not in packages:
                older = meeting_selectors.reader_package(
                    meeting_id=meeting_id, user=user, version_number=note.version_number
                )
                packages[note.version_number] = older.typed
            readable = _readable(note, packages[note.version_number])
        if readable:
            visible.append(note)
    return sorted(visible, key=_reading_order)


def _reading_order(note: Note):
    number = tuple(int(part) for part in note.item_number.split(".") if part.isdigit())
    return (note.status == Note.Status.UNPLACED, number, note.page or 0, note.position or 0)


def my_meetings_with_notes(*, user, query: str = ""):
    """Meetings the user has notes on, newest first, with the notes they may still read."""
    notes = Note.objects.filter(author=user)
    if query:
        notes = notes.filter(Q(body__icontains=query) | Q(exact__icontains=query))
    meeting_ids = notes.values_list("meeting_id", flat=True).distinct()
    result = []
    meetings = visibility.meetings_for(user).filter(pk__in=meeting_ids).order_by("-start")
    for meeting in visibility.with_facts(meetings):  # as published: `.facts` for the page
        found = notes_for_meeting(user=user, meeting_id=meeting.pk, query=query)
        if found:
            result.append((meeting, found))
    return result


def note_mark(note: Note) -> str:
    """The line shown beside a note that moved or could not be placed."""
    if note.status == Note.Status.UNPLACED:
        return _("Kunne ikke placeres i version %(n)s") % {"n": note.checked_version or ""}
    if note.status != Note.Status.MOVED:
        return ""
    if note.moved_from_page and note.page:
        return _("Flyttet fra side %(old)s til side %(new)s") % {
            "old": note.moved_from_page,
            "new": note.page,
        }
    if note.moved_from_item:
        return _("Flyttet fra punkt %(old)s til punkt %(new)s") % {
            "old": note.moved_from_item,
            "new": note.item_number,
        }
    return _("Flyttet")


def note_data(note: Note) -> dict:
    """A note as the browser (and the offline copy) holds it."""
    return {
        "uid": str(note.uid),
        "item_number": note.item_number,
        "annex_uid": str(note.annex_uid) if note.annex_uid else None,
        "page": note.page,
        "exact": note.exact,
        "prefix": note.prefix,
        "suffix": note.suffix,
        "position": note.position,
        "body": note.body,
        "status": note.status,
        "mark": note_mark(note),
        "updated": note.updated.isoformat(),
    }
