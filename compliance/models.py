"""What the portal knows about an annex file's readability: its OCR copy and its accessibility."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kkr_portal.models import AnnexFileFacts


def ocr_upload_to(record, filename):
    return f"annexes/ocr/{record.sha256[:2]}/{record.sha256}.pdf"


class AnnexOcr(AnnexFileFacts):
    """The searchable copy of a scanned annex file (by the original's checksum)."""

    class State(models.TextChoices):
        RUNNING = "running", _("OCR i gang")
        DONE = "done", _("tekst fra OCR")
        FAILED = "failed", _("kunne ikke læses")

    state = models.CharField(_("tilstand"), max_length=20, choices=State.choices)
    file = models.FileField(_("fil med tekst"), upload_to=ocr_upload_to, blank=True)
    # The copy's own checksum: readers' copies and bundles made from it are keyed by it.
    file_sha256 = models.CharField(_("tekstfilens SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    seconds = models.FloatField(_("sekunder"), default=0)
    updated = models.DateTimeField(_("opdateret"), auto_now=True)

    class Meta:
        verbose_name = _("OCR af bilag")
        verbose_name_plural = _("OCR af bilag")

    @property
    def finding(self) -> str:
        return self.get_state_display()


class AnnexAccessibility(AnnexFileFacts):
    """The accessibility facts of one annex file (by checksum), shown to the secretariat."""

    title = models.CharField(_("dokumenttitel"), max_length=500, blank=True)
    language = models.CharField(_("sprog"), max_length=40, blank=True)
    tagged = models.BooleanField(_("tagget"), default=False)
    problems = models.JSONField(_("problemer"), default=list, blank=True)
    checked = models.DateTimeField(_("kontrolleret"), auto_now=True)

    class Meta:
        verbose_name = _("tilgængelighed af bilag")
        verbose_name_plural = _("tilgængelighed af bilag")

    @property
    def finding(self) -> str:
        return ", ".join(self.problems) or str(_("tilgængeligt"))


class AccessibilityStatement(models.Model):
    """The portal's statement (Tilgængelighedserklæring): one row the secretariat keeps."""

    official_url = models.URLField(
        _("link til den officielle erklæring"),
        blank=True,
        help_text=_("Erklæringen på was.digst.dk, som myndigheden skal offentliggøre."),
    )
    contact_email = models.EmailField(_("kontakt om tilgængelighed"), blank=True)
    updated = models.DateTimeField(_("opdateret"), auto_now=True)

    class Meta:
        verbose_name = _("tilgængelighedserklæring")
        verbose_name_plural = pgettext_lazy("flertal", "tilgængelighedserklæring")

    def __str__(self):
        return str(_("Tilgængelighedserklæring"))


class AccessibleCopyRequest(models.Model):
    """A reader's request for an accessible version of one annex."""

    annex = models.ForeignKey(
        "meetings.Annex", verbose_name=_("bilag"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("svar til"), blank=True)
    message = models.TextField(_("besked"), blank=True, max_length=2000)
    created = models.DateTimeField(_("modtaget"), auto_now_add=True)
    handled = models.BooleanField(_("besvaret"), default=False)

    class Meta:
        verbose_name = _("anmodning om tilgængelig udgave")
        verbose_name_plural = _("anmodninger om tilgængelig udgave")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.annex.title} ({self.created:%d.%m.%Y})"


class PersonalDataDismissal(models.Model):
    """A finding of the personal-data guard that the secretariat marked as not personal data."""

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("møde"), on_delete=models.CASCADE, related_name="+"
    )
    fingerprint = models.CharField(max_length=64)
    kind = models.CharField(_("type"), max_length=20)
    match = models.CharField(_("fundet tekst"), max_length=200)
    where = models.CharField(_("hvor"), max_length=500)
    reason = models.TextField(_("begrundelse"))
    user = models.ForeignKey(
        "auth.User", verbose_name=_("af"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund markeret som ikke personoplysning")
        verbose_name_plural = _("fund markeret som ikke personoplysninger")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "fingerprint"], name="one_dismissal_per_finding"
            )
        ]

    def __str__(self):
        return f"{self.match} ({self.where})"
