"""KKR's yearly result contract with Erhvervshus Nordjylland, as structured data."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kkr_portal.models import Audited, Positioned
from meetings.visibility import SecretariatDraftsQuerySet


class Contract(Audited):
    class Status(models.TextChoices):
        DRAFT = "draft", _("udkast")
        APPROVED = "approved", _("godkendt")
        SIGNED = "signed", _("underskrevet")

    year = models.PositiveIntegerField(_("år"))
    party = models.CharField(_("aftalepart"), max_length=200, default="KKR Nordjylland")
    counterparty = models.CharField(_("modpart"), max_length=200, default="Erhvervshus Nordjylland")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    version_label = models.CharField(_("versionsbetegnelse"), max_length=100, default="Udkast")
    effective_date = models.DateField(_("gældende fra"), null=True, blank=True)
    signatories = models.TextField(_("underskrivere"), blank=True)
    signed_date = models.DateField(_("underskrevet den"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("vedtaget under punkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    basic_grant = models.DecimalField(
        _("basisbevilling (kr.)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    grant_key = models.ForeignKey(
        "budgets.DistributionKey",
        verbose_name=_("fordeling af basisbevillingen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # Readers get approved and signed contracts only (meetings/visibility.py).
    objects = SecretariatDraftsQuerySet.as_manager()

    class Meta:
        verbose_name = _("resultatkontrakt")
        verbose_name_plural = _("resultatkontrakter")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return f"Resultatkontrakt {self.year} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("agreements:contract_detail", args=[self.year])


class Chapter(Positioned, Audited):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveIntegerField(_("nummer"), default=1)
    title = models.CharField(_("overskrift"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    lists_goals = models.BooleanField(
        _("målene står her"),
        default=False,
        help_text=_("Målene sættes efter dette kapitels tekst (i kontrakten 2023: kapitel 5)."),
    )

    class Meta(Positioned.Meta):
        verbose_name = _("kapitel")
        verbose_name_plural = _("kapitler")

    def __str__(self):
        return f"{self.position}. {self.title}"


class Signature(Positioned, Audited):
    """One party's signature block, as the contract prints it: "For KKR Nordjylland", the date
    ("d. 25/11 – 2022"), the signatory and their role. A date still written as a placeholder
    ("d. xx/xx – 2022") is a warning before approval (checks.py)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("for"), max_length=200, help_text=_("fx KKR Nordjylland"))
    date_text = models.CharField(
        _("dato"), max_length=60, blank=True, help_text=_("som den står, fx d. 25/11 – 2022")
    )
    signatory = models.CharField(_("underskriver"), max_length=200)
    role = models.CharField(_("titel"), max_length=200, blank=True)

    class Meta(Positioned.Meta):
        verbose_name = _("underskrift")
        verbose_name_plural = _("underskrifter")

    def __str__(self):
        return f"For {self.party}: {self.signatory}"


class Goal(Audited):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("nationalt mål (rammeaftalen)")
        LOCAL = "local", _("lokalt/regionalt mål (aftalt med KKR)")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveIntegerField(_("målnummer"))
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.NATIONAL)
    introduction = models.TextField(_("indledning"), blank=True)
    goal_text = models.TextField(_("Mål"), blank=True)
    method = models.TextField(_("Metode"), blank=True)
    rationale = models.TextField(_("Begrundelse"), blank=True)
    reporting = models.TextField(_("Afrapportering"), blank=True)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = pgettext_lazy("flertal", "mål")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="unique_goal_number")
        ]

    def __str__(self):
        return f"Mål {self.number} – {self.title}"


class Target(Positioned, Audited):
    """A measurable part of a goal: indicator, unit, baseline and the value aimed at per year,
    with an optional lower level that counts as partly met (e.g. NPS ≥ 60 full, ≥ 50 half)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indikator"), max_length=300)
    unit = models.CharField(_("enhed"), max_length=40, blank=True)
    baseline_value = models.DecimalField(
        _("udgangspunkt"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("udgangspunkt pr."), null=True, blank=True)
    partial_value = models.DecimalField(
        _("delvis opfyldt ved"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    partial_share = models.DecimalField(
        _("delvis opfyldelse (andel)"), max_digits=4, decimal_places=2, default=Decimal("0.5")
    )

    class Meta(Positioned.Meta):
        verbose_name = _("målepunkt")
        verbose_name_plural = _("målepunkter")

    def __str__(self):
        return self.indicator


class TargetValue(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveIntegerField(_("år"))
    value = models.DecimalField(_("målværdi"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("målværdi")
        verbose_name_plural = _("målværdier")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="unique_target_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.value}"


class Activity(Positioned):
    """One of the activities a local goal counts ('100 % opfyldt, når de 4 indsatser …')."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities")
    text = models.TextField(_("indsats"))
    completed = models.BooleanField(_("gennemført"), default=False)

    class Meta(Positioned.Meta):
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")

    def __str__(self):
        return self.text[:80]


class Result(Audited):
    """The result statement (resultatopgørelse) for one target in one year."""

    class Fulfilment(models.TextChoices):
        FULL = "full", _("opfyldt")
        PARTIAL = "partial", _("delvis opfyldt")
        NOT_MET = "not_met", _("ikke opfyldt")

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results")
    year = models.PositiveIntegerField(_("år"))
    achieved = models.DecimalField(_("opnået"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("opgjort den"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("resultat")
        verbose_name_plural = _("resultater")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="unique_result_year")
        ]

    def __str__(self):
        return f"{self.target}: {self.achieved} ({self.year})"
