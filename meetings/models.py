"""Bodies, municipalities, people, meetings, agenda sections and items, annexes and the frozen
package versions that readers see."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.text import danish_sort_key


class Body(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn i adresser"), unique=True)

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organer")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    code = models.PositiveSmallIntegerField(_("kommunekode"), unique=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @staticmethod
    def sorted_danish(municipalities):
        return sorted(municipalities, key=lambda m: danish_sort_key(m.name))


class Person(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    party = models.CharField(_("parti"), max_length=20, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), null=True, blank=True, on_delete=models.PROTECT
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.party})" if self.party else self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("formand")
        VICE_CHAIR = "vice_chair", _("næstformand")
        MEMBER = "member", _("medlem")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), null=True, blank=True, on_delete=models.PROTECT
    )
    party = models.CharField(_("parti"), max_length=20, blank=True)
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("personlig stedfortræder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitute_for",
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["body", "person__name"]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.body}"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from meetings.rules import is_secretariat

        if is_secretariat(user):
            return self
        return self.filter(status=Meeting.Status.PUBLISHED)


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("kladde")
        PUBLISHED = "published", _("offentliggjort")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    start = models.DateTimeField(_("starttidspunkt"))
    location = models.CharField(_("sted"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated = models.DateTimeField(_("ændret"), auto_now=True)

    lock_version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["updated"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["-start"]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def display_title(self):
        return self.title or f"Møde i {self.body.name}"


class AgendaSection(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("nummer"), default=0)
    title = models.CharField(_("overskrift"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.title}"


class AgendaItem(models.Model):
    TEXT_FIELDS = ("background", "recommendation", "presentation", "decision")

    section = models.ForeignKey(
        AgendaSection, verbose_name=_("afsnit"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("placering"), default=0)
    title = models.CharField(_("titel"), max_length=500)
    case_number = models.CharField(_("sagsnummer"), max_length=40, blank=True)
    initials = models.CharField(_("initialer"), max_length=40, blank=True)
    closed = models.BooleanField(
        _("lukket punkt"),
        default=False,
        help_text=_("Kun nummer og titel er offentlige; teksten og bilagene er lukkede."),
    )
    background = models.TextField(_("Baggrund"), blank=True)
    recommendation = models.TextField(_("Indstilling"), blank=True)
    presentation = models.TextField(_("Sagsfremstilling"), blank=True)
    decision = models.TextField(_("Beslutning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dagsordenpunkt")
        verbose_name_plural = _("dagsordenpunkter")
        ordering = ["section__position", "position", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self):
        return f"{self.section.position}.{self.position}"


def annex_upload_to(annex, filename):
    # Content-addressed and unguessable: a replaced file never overwrites one a version refers to.
    return f"annexes/{annex.sha256[:2]}/{annex.sha256}-{uuid.uuid4().hex}.pdf"


class Annex(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("punkt"), on_delete=models.CASCADE, related_name="annexes"
    )
    position = models.PositiveIntegerField(_("placering"), default=0)
    title = models.CharField(
        _("titel"), max_length=300, blank=True, help_text=_("Udfyldes fra filnavnet, hvis tom.")
    )
    file = models.FileField(_("fil"), upload_to=annex_upload_to, max_length=300)
    original_name = models.CharField(_("oprindeligt filnavn"), max_length=300, editable=False)
    size = models.PositiveBigIntegerField(_("størrelse"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    page_count = models.PositiveIntegerField(_("sider"), default=0, editable=False)
    closed = models.BooleanField(_("lukket bilag"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"Bilag {self.position}: {self.title}"

    @property
    def is_closed(self):
        return self.closed or self.item.closed


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
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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


class Attendance(models.Model):
    """Who came to a meeting: members present or absent, and substitutes who attended."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    present = models.BooleanField(_("til stede"), default=True)
    substitute_for = models.ForeignKey(
        Person,
        verbose_name=_("stedfortræder for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_attendance")
        ]

    def __str__(self):
        return f"{self.person} – {'til stede' if self.present else 'fraværende'}"


class RenderJob(models.Model):
    """Rendering the PDFs of one version, done by a Celery worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        RUNNING = "running", _("i gang")
        DONE = "done", _("færdig")
        FAILED = "failed", _("fejlet")

    version = models.ForeignKey(
        PackageVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="jobs"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.CharField(_("fremdrift"), max_length=200, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    attempts = models.PositiveIntegerField(_("forsøg"), default=0)
    created = models.DateTimeField(_("oprettet"), auto_now_add=True)
    started = models.DateTimeField(_("startet"), null=True, blank=True)
    finished = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("sidste livstegn"), null=True, blank=True)

    class Meta:
        verbose_name = _("renderingsjob")
        verbose_name_plural = _("renderingsjob")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.version} – {self.get_status_display()}"


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
