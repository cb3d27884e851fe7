"""A KKR decision followed through the 11 municipal councils, who to remind, and the packs each
municipality files in its case system."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kkr_portal.models import Audited, Created, WorkerJob, done_by


class CouncilReferral(Created, Audited):
    """A decision in the minutes marked "to be treated by the municipal councils"."""

    item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("punkt"),
        on_delete=models.CASCADE,
        related_name="council_referral",
    )
    deadline = models.DateField(_("frist for kommunalbestyrelsernes behandling"))
    created_by = done_by(_("sendt af"))

    class Meta:
        verbose_name = _("sag til kommunalbestyrelserne")
        verbose_name_plural = _("sager til kommunalbestyrelserne")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"{self.item.number} {self.item.title}"


class CouncilTreatment(models.Model):
    """One municipal council's treatment of a referred decision."""

    class Status(models.TextChoices):
        SENT = "sent", _("sendt")
        ON_AGENDA = "on_agenda", _("på kommunalbestyrelsens dagsorden")
        DECIDED = "decided", _("besluttet")
        NOT_RELEVANT = "not_relevant", _("ikke relevant")

    class Outcome(models.TextChoices):
        AS_RECOMMENDED = "as_recommended", _("som indstillet")
        WITH_CHANGES = "with_changes", _("med ændringer")
        REJECTED = "rejected", _("forkastet")

    # Any row may be corrected; a decided row goes back only to the council's agenda.
    TRANSITIONS = {
        Status.SENT: {Status.SENT, Status.ON_AGENDA, Status.DECIDED, Status.NOT_RELEVANT},
        Status.ON_AGENDA: {Status.SENT, Status.ON_AGENDA, Status.DECIDED, Status.NOT_RELEVANT},
        Status.DECIDED: {Status.ON_AGENDA, Status.DECIDED},
        Status.NOT_RELEVANT: {Status.SENT, Status.NOT_RELEVANT},
    }
    OPEN = (Status.SENT, Status.ON_AGENDA)

    referral = models.ForeignKey(
        CouncilReferral, on_delete=models.CASCADE, related_name="treatments"
    )
    municipality = models.ForeignKey(
        "meetings.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    sent_on = models.DateField(_("sendt"))
    agenda_date = models.DateField(_("på dagsordenen den"), null=True, blank=True)
    agenda_url = models.URLField(_("link til kommunalbestyrelsens dagsorden"), blank=True)
    decided_on = models.DateField(_("besluttet den"), null=True, blank=True)
    outcome = models.CharField(_("udfald"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = models.CharField(_("kort om beslutningen"), max_length=500, blank=True)
    updated = models.DateTimeField(_("ændret"), auto_now=True)
    updated_by = done_by(_("ændret af"))
    notice_sent_at = models.DateTimeField(_("besked om sagen sendt"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("påmindelse sendt"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("kommunalbestyrelsens behandling")
        verbose_name_plural = _("kommunalbestyrelsernes behandling")
        ordering = ["referral", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "municipality"], name="one_treatment_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.municipality} – {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class MunicipalityContact(Audited):
    """Who in a municipality is reminded of the councils' deadlines."""

    municipality = models.ForeignKey(
        "meetings.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.CASCADE,
        related_name="followup_contacts",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"))

    class Meta:
        verbose_name = _("kontaktperson i kommunen")
        verbose_name_plural = _("kontaktpersoner i kommunerne")
        ordering = ["municipality__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.municipality})"


class MunicipalityPack(WorkerJob, Created):
    """A ZIP of one version's documents for a municipality's case system, built once per
    version, municipality and audience by a Celery worker; the file is there only when done."""

    version = models.ForeignKey(
        "meetings.PackageVersion", on_delete=models.CASCADE, related_name="municipality_packs"
    )
    municipality = models.ForeignKey(
        "meetings.Municipality", verbose_name=_("kommune"), on_delete=models.CASCADE
    )
    audience = models.CharField(_("målgruppe"), max_length=20)
    file = models.FileField(_("fil"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("størrelse"), default=0)
    finished = models.DateTimeField(_("færdig"), null=True, blank=True)
    # The document classes the pack holds ("dagsorden", "bilag", "referat"): once retention
    # takes one of them off the audience's site, the pack is built again without it.
    holds = models.JSONField(_("dokumenter i pakken"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("pakke til kommunens ESDH")
        verbose_name_plural = _("pakker til kommunernes ESDH")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "municipality", "audience"], name="one_pack_per_version"
            )
        ]

    def __str__(self):
        return f"{self.version} – {self.municipality} ({self.audience})"
