"""Annexes the portal generates itself (an approved budget table, a result contract): attached to
the item that approves them, and replaced, never added twice, when attached again."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import signals
from meetings.models import AgendaItem, Annex
from meetings.services import agenda_renumber, annex_create, annex_prepare


def generated_annex_refuse_draft(*, approved: bool, what: str) -> None:
    """A draft would go public with the item at the next publication: only approved ones."""
    if not approved:
        raise ValidationError(
            _("%(what)s er ikke godkendt og vedhæftes ikke; godkend den først.") % {"what": what},
            code="draft",
        )


@transaction.atomic
def generated_annex_attach(*, item: AgendaItem, data: bytes, filename: str, title: str) -> Annex:
    """The item's annex with this title gets the new PDF (if it changed); else a new annex."""
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    existing = item.annexes.filter(title=title).order_by("position", "pk").first()
    if existing is None:
        uploaded = SimpleUploadedFile(filename, data, content_type="application/pdf")
        return annex_create(item=item, uploaded=uploaded, title=title)
    if existing.sha256 == hashlib.sha256(data).hexdigest():
        return existing
    uploaded = SimpleUploadedFile(filename, data, content_type="application/pdf")
    stored = annex_prepare(annex=existing, uploaded=uploaded)
    existing.file.save(existing.original_name, stored, save=False)
    existing.save()
    transaction.on_commit(lambda: signals.annex_stored.send(sender=Annex, annex_id=existing.pk))
    return existing


@transaction.atomic
def generated_annex_detach(*, item: AgendaItem, title: str) -> int:
    """Take a generated annex off an item again (its source went back to draft or moved)."""
    removed, _by_model = item.annexes.filter(title=title).delete()
    if removed:
        agenda_renumber(meeting=item.section.meeting)
    return removed


def item_label(item: AgendaItem) -> str:
    """An item as the pickers show it: number, title and the meeting's date."""
    start = timezone.localtime(item.section.meeting.start)
    return f"{item.number} {item.title} – {item.section.meeting.body.name} {start:%d.%m.%Y}"
