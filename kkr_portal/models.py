"""Model pieces the apps share: the audit trail and field shapes that mean the same everywhere."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Audited(models.Model):
    """Every change is kept with who made it and when (django-simple-history)."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    """The states of work a worker does: render jobs and their parts, municipality packs."""

    QUEUED = "queued", _("i kø")
    RUNNING = "running", _("i gang")
    DONE = "done", _("færdig")
    FAILED = "failed", _("fejlet")


class WorkerJob(models.Model):
    """Work a Celery worker claims (a conditional update from queued to running) and finishes as
    done, or as failed with a readable reason."""

    Status = JobStatus

    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    error = models.TextField(_("fejl"), blank=True)

    class Meta:
        abstract = True


class TimedWorkerJob(WorkerJob):
    """A worker job that also keeps when a worker started it and when it ended (done or failed):
    render jobs and their parts."""

    started = models.DateTimeField(_("startet"), null=True, blank=True)
    finished = models.DateTimeField(_("afsluttet"), null=True, blank=True)

    class Meta:
        abstract = True


class Mailed(models.Model):
    """What a reader asked to be e-mailed about: the e-mails are in the language they read the
    portal in when they asked, and since (kkr_portal/language.py keeps it current)."""

    language = models.CharField(
        _("sprog"), max_length=10, default=settings.LANGUAGE_CODE, editable=False
    )

    class Meta:
        abstract = True


class Created(models.Model):
    """When a row was made."""

    created = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        abstract = True


class Timestamped(Created):
    """When a row was made and when it last changed."""

    updated = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        abstract = True


class Named(models.Model):
    """A row known by its unique name (a body, a municipality, a secretariat): listed and shown
    by it."""

    name = models.CharField(_("navn"), max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Positioned(models.Model):
    """A row the secretariat puts in order among its siblings (an admin inline's drag handle
    moves `position`): listed by position, ties by creation. A model with its own Meta keeps
    the order with `class Meta(Positioned.Meta)`; one whose position has another label or
    default declares the field again."""

    position = models.PositiveIntegerField(_("placering"), default=1)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


def done_by(verbose_name, **options) -> models.ForeignKey:
    """The user who did something (published, imported, withdrew): the record outlives the user
    account, and users get no reverse accessor for it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class AnnexFileFacts(models.Model):
    """What the portal has found out about one annex file (its text, its OCR copy, its
    accessibility), by its checksum, so the same file on several items is looked at once: how
    many pages it has and how many carry text."""

    sha256 = models.CharField(_("bilagsfilens SHA-256"), max_length=64, unique=True)
    pages = models.PositiveIntegerField(_("sider"), default=0)
    pages_with_text = models.PositiveIntegerField(_("sider med tekst"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.sha256[:12]}: {self.finding}"

    @property
    def finding(self) -> str:
        """What was found, in a few words."""
        raise NotImplementedError
