"""Frozen package versions, their render jobs and finished documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kkr_portal.models import Created, TimedWorkerJob, done_by
from meetings.models.agenda import Meeting


class PackageVersion(models.Model):
    """A published, frozen version of a meeting package. Never changed once created."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("indhold"))
    changes = models.JSONField(_("ændringer"), default=list, blank=True)
    includes_decisions = models.BooleanField(_("med beslutninger (referat)"), default=False)
    published_at = models.DateTimeField(_("offentliggjort"), auto_now_add=True)
    published_by = done_by(_("offentliggjort af"))
    # A version published by mistake (a closed item or annex made open) is withdrawn, never
    # deleted: readers lose it everywhere, the secretariat keeps it with who, when and why.
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True, editable=False)
    withdrawn_by = done_by(_("trukket tilbage af"), editable=False)
    withdrawn_reason = models.TextField(
        _("begrundelse for tilbagetrækning"), blank=True, editable=False
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versioner")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_version_per_meeting")
        ]

    def __str__(self):
        return f"{self.meeting} – version {self.number}"


class RenderJob(TimedWorkerJob, Created):
    """Rendering the PDFs of one version, done by a Celery worker."""

    version = models.ForeignKey(
        PackageVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="jobs"
    )
    progress = models.CharField(_("fremdrift"), max_length=200, blank=True)
    # Progress as numbers (annexes done of total), for the live bar; `progress` says the step.
    done = models.PositiveIntegerField(_("færdige"), default=0)
    total = models.PositiveIntegerField(_("i alt"), default=0)
    attempts = models.PositiveIntegerField(_("forsøg"), default=0)
    heartbeat = models.DateTimeField(_("sidste livstegn"), null=True, blank=True)

    class Meta:
        verbose_name = _("renderingsjob")
        verbose_name_plural = pgettext_lazy("flertal", "renderingsjob")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.version} – {self.get_status_display()}"


class RenderPart(TimedWorkerJob):
    """One document of a render job (one kind and variant), claimed by one worker at a time, so
    the documents of a version render in parallel when several workers run."""

    job = models.ForeignKey(
        RenderJob, verbose_name=_("renderingsjob"), on_delete=models.CASCADE, related_name="parts"
    )
    kind = models.CharField(_("dokument"), max_length=20)
    variant = models.CharField(_("udgave"), max_length=20)
    # Heavy parts first: a worker that joins late takes what is left.
    position = models.PositiveIntegerField(_("rækkefølge"))
    # Which worker (Celery host name) rendered the part: the secretariat sees where time went.
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    done = models.PositiveIntegerField(_("færdige"), default=0)
    total = models.PositiveIntegerField(_("i alt"), default=1)

    class Meta:
        verbose_name = _("del af renderingsjob")
        verbose_name_plural = _("dele af renderingsjob")
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "kind", "variant"], name="unique_part_per_job")
        ]

    def __str__(self):
        return f"{self.kind}-{self.variant} – {self.get_status_display()}"


class VersionDocument(models.Model):
    """A finished PDF of a version. The row exists only once the file is completely written."""

    class Kind(models.TextChoices):
        AGENDA = "dagsorden", _("Dagsorden")
        BUNDLE = "bilag", _("Bilagssamling")
        MINUTES = "referat", _("Referat")

    class Variant(models.TextChoices):
        MEMBERS = "medlemmer", _("medlemmer")
        PUBLIC = "offentlig", _("offentlig")

    version = models.ForeignKey(
        PackageVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("dokument"), max_length=20, choices=Kind.choices)
    variant = models.CharField(_("udgave"), max_length=20, choices=Variant.choices)
    file = models.FileField(_("fil"), max_length=300)
    size = models.PositiveBigIntegerField(_("størrelse"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("sider"))

    class Meta:
        verbose_name = _("PDF-dokument")
        verbose_name_plural = _("PDF-dokumenter")
        ordering = ["kind", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "variant"], name="unique_document_per_version"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.variant}) – {self.version}"

    @property
    def slug(self):
        return f"{self.kind}-{self.variant}"
