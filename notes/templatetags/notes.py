from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notes import selectors
from notes.rules import may_take_notes

register = template.Library()


def ui_strings() -> dict:
    """The words the note scripts show, in the reader's language."""
    return {
        "addNote": _("Markér og skriv note"),
        "dialogTitle": _("Privat note"),
        "noteLabel": _("Note (kun du kan se den)"),
        "save": _("Gem note"),
        "cancel": _("Annuller"),
        "myNotes": _("Mine noter"),
        "edit": _("Redigér"),
        "remove": _("Slet"),
        "pending": _("Venter på netværk – sendes, når du er online igen."),
        "readWithNotes": _("Læs med noter"),
        "page": _("Side"),
        "loadFailed": _("Bilaget kunne ikke vises. Hent det som PDF i stedet."),
        "saving": _("Gemmer mødet på enheden …"),
        "saved": _("Mødet er gemt på enheden og kan læses uden netværk."),
        "saveFailed": _("Mødet kunne ikke gemmes på enheden."),
        "offlineUnsupported": _("Browseren kan ikke gemme mødet til offline brug."),
        "removeOffline": _("Fjern fra enheden"),
        "removed": _("Mødet er fjernet fra enheden."),
        "hitsNone": _("Ingen fund i bilaget"),
        "hitOne": _("1 fund"),
        "hitMany": _("{n} fund"),
        "hitOf": _("Fund {i} af {n}"),
        "pageOf": _("af {n}"),
        "readingText": _("Læser bilagets tekst …"),
        "noPage": _("Der er ingen side {n}; bilaget har side 1 til {total}."),
        "returnTo": _("Fortsæt på side {n}, hvor du slap"),
        "linkTo": _("Gå til side {n}"),
        "linkOut": _("Åbn {url} i en ny fane"),
    }


def url_base(name: str, *args) -> str:
    """The URL up to a note's or an annex's uid, which the scripts complete."""
    placeholder = "00000000-0000-0000-0000-000000000000"
    return reverse(name, args=[*args, placeholder]).split(placeholder)[0]


def offline_days() -> int:
    return settings.OFFLINE_PACKAGE_DAYS


def may_save_offline(meeting) -> bool:
    """Upcoming meetings, and those held within the days a package is kept on a device."""
    return meeting.start >= timezone.now() - timezone.timedelta(days=offline_days())


@register.inclusion_tag("notes/_panel.html", takes_context=True)
def notes_panel(context, package):
    request = context["request"]
    user = request.user
    if package.version is None or not package.is_latest or not may_take_notes(user):
        return {"show": False}
    meeting = package.meeting
    notes = selectors.notes_for_meeting(user=user, meeting_id=meeting.pk, package=package)
    tray = [note for note in notes if note.status == note.Status.UNPLACED]
    for note in tray:
        note.mark_text = selectors.note_mark(note)
    return {
        "show": True,
        "meeting": meeting,
        "count": len(notes),
        "tray": tray,
        "note_base": url_base("notes:note_api"),
        "reader_base": url_base("notes:annex_reader", meeting.pk),
        "csrf": get_token(request),
        "strings": ui_strings(),
        "offline": may_save_offline(meeting),
    }
