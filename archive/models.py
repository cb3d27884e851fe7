"""Old packages brought in from PDFs: which meeting each became, from which files, by whom."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kkr_portal.models import done_by


class ImportedPackage(models.Model):
    """A historical meeting made from an old agenda and annex bundle; its version is published
    and its original PDFs are kept as they were, as the version's documents."""

    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("møde"),
        on_delete=models.CASCADE,
        related_name="imported_package",
    )
    agenda_name = models.CharField(_("dagsorden (filnavn)"), max_length=300)
    bundle_name = models.CharField(_("bilagssamling (filnavn)"), max_length=300)
    minutes_name = models.CharField(_("referat (filnavn)"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("importeret"), auto_now_add=True)
    imported_by = done_by(_("importeret af"))

    class Meta:
        verbose_name = _("importeret mødepakke")
        verbose_name_plural = _("importerede mødepakker")
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.meeting} ({self.bundle_name})"
