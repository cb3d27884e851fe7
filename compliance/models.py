"""What the portal knows about an annex file's readability: its OCR copy and its accessibility."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def ocr_upload_to(record, filename):
    return f"annexes/ocr/{record.sha256[:2]}/{record.sha256}.pdf"


class AnnexOcr(models.Model):
    """The searchable copy of a scanned annex file (by the original's checksum)."""

    class State(models.TextChoices):
        RUNNING = "running", _("OCR i gang")
        DONE = "done", _("tekst fra OCR")
        FAILED = "failed", _("kunne ikke læses")

    sha256 = models.CharField(max_length=64, unique=True)
    state = models.CharField(_("tilstand"), max_length=20, choices=State.choices)
    file = models.FileField(_("fil med tekst"), upload_to=ocr_upload_to, blank=True)
    pages = models.PositiveIntegerField(_("sider"), default=0)
    pages_with_text = models.PositiveIntegerField(_("sider med tekst"), default=0)
    error = models.TextField(_("fejl"), blank=True)
    seconds = models.FloatField(_("sekunder"), default=0)
    updated = models.DateTimeField(_("opdateret"), auto_now=True)

    class Meta:
        verbose_name = _("OCR af bilag")
        verbose_name_plural = _("OCR af bilag")

    def __str__(self):
        return f"{self.sha256[:12]}: {self.get_state_display()}"
