"""The e-mail to subscribers about one published version, so a failure is seen, not lost."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kkr_portal.models import Timestamped
from meetings.models.packages import PackageVersion


class Notification(Timestamped):
    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        SENDING = "sending", _("sendes")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("fejlet")

    version = models.OneToOneField(
        PackageVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="notification",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    recipients = models.PositiveIntegerField(_("modtagere"), default=0)
    error = models.TextField(_("fejl"), blank=True)

    class Meta:
        verbose_name = _("e-mail til abonnenter")
        verbose_name_plural = _("e-mails til abonnenter")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.version.meeting} – version {self.version.number}"
