"""A member's private notes and highlights on an item's text or a page of an annex."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kkr_portal.models import Timestamped
from meetings.models import Meeting


class Note(Timestamped):
    """Anchored by the quoted text with its context (TextQuoteSelector), the annex's SHA-256 and
    page, and the offset as a last fallback. Only its author ever reads it."""

    class Status(models.TextChoices):
        PLACED = "placed", _("placeret")
        MOVED = "moved", _("flyttet")
        UNPLACED = "unplaced", _("kunne ikke placeres")

    # Chosen by the device that wrote the note, so that a note written offline and sent twice is
    # stored once.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    version_number = models.PositiveIntegerField(_("version"))
    item_id = models.PositiveIntegerField(_("punkt"))
    item_number = models.CharField(_("punktnummer"), max_length=20)
    annex_uid = models.UUIDField(_("bilag"), null=True, blank=True)
    annex_sha256 = models.CharField(_("bilagets SHA-256"), max_length=64, blank=True)
    page = models.PositiveIntegerField(_("side"), null=True, blank=True)
    exact = models.TextField(_("citat"))
    prefix = models.CharField(_("tekst før"), max_length=200, blank=True)
    suffix = models.CharField(_("tekst efter"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("placering i teksten"), null=True, blank=True)
    body = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLACED
    )
    moved_from_page = models.PositiveIntegerField(null=True, blank=True)
    moved_from_item = models.CharField(max_length=20, blank=True)
    # The last version the note was re-anchored against (the tray names it).
    checked_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("noter")
        ordering = ["meeting", "item_number", "page", "position", "created"]
        indexes = [models.Index(fields=["author", "meeting"])]

    def __str__(self):
        # Nothing of the note itself: the name shows up in the admin's delete confirmation of a
        # login, which the secretariat sees.
        return f"Note {self.pk}"

    @property
    def on_annex(self) -> bool:
        return self.annex_uid is not None
