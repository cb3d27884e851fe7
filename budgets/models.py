"""Distribution keys: how money and places are split over the municipalities."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.allocation import LARGEST_REMAINDER, ROUND_EACH
from kkr_portal.models import Audited, Named, Positioned
from meetings.visibility import SecretariatDraftsQuerySet


class SecretariatApproved(Audited):
    """A draft until the secretariat approves it: readers get approved rows only
    (meetings/visibility.py)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("kladde")
        APPROVED = "approved", _("godkendt")

    # Changed only by a transition with its checks (budgets/services.py).
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    objects = SecretariatDraftsQuerySet.as_manager()

    class Meta:
        abstract = True


class DistributionKey(SecretariatApproved):
    class Rounding(models.TextChoices):
        LARGEST_REMAINDER = LARGEST_REMAINDER, _("største brøkdel (totalen holder)")
        ROUND_EACH = ROUND_EACH, _("hver linje for sig (totalen kan skride)")

    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    total = models.DecimalField(_("beløb/antal at fordele"), max_digits=16, decimal_places=2)
    unit = models.DecimalField(
        _("afrundingsenhed"), max_digits=12, decimal_places=2, default=Decimal(1)
    )
    unit_label = models.CharField(
        _("enhed"), max_length=40, blank=True, help_text=_("fx 1.000 kr.")
    )
    rounding = models.CharField(
        _("afrunding"), max_length=30, choices=Rounding.choices, default=Rounding.LARGEST_REMAINDER
    )
    printed_total = models.DecimalField(
        _("trykt total"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("Totalen som den står i et dokument, til sammenligning."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("fordelingsnøgle")
        verbose_name_plural = _("fordelingsnøgler")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("budgets:key_detail", args=[self.pk])


class KeyBasis(models.Model):
    """One basis of a key (population, jobs, staff …), with its weight, source and date."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="bases")
    column = models.CharField(_("grundlag"), max_length=100)
    weight = models.DecimalField(_("vægt"), max_digits=8, decimal_places=4, default=Decimal(1))
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    as_of = models.DateField(_("opgjort pr."), null=True, blank=True)

    class Meta:
        verbose_name = _("grundlag")
        verbose_name_plural = pgettext_lazy("flertal", "grundlag")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["key", "column"], name="unique_key_basis")]

    def __str__(self):
        return self.column


class KeyParticipant(Positioned):
    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="participants")
    position = models.PositiveIntegerField(_("placering"), default=0)
    name = models.CharField(_("deltager"), max_length=200)
    municipality = models.ForeignKey(
        "meetings.Municipality", verbose_name=_("kommune"), null=True, blank=True,
        on_delete=models.PROTECT,
    )  # fmt: skip
    fixed_share = models.DecimalField(
        _("fast andel"), max_digits=9, decimal_places=6, null=True, blank=True,
        help_text=_("Brøk, fx 0,1 for 10 %."),
        validators=[MinValueValidator(0), MaxValueValidator(1, _("En andel er højst 1 (100 %%)."))],
    )  # fmt: skip
    excluded = models.BooleanField(_("udeladt"), default=False)
    printed_value = models.DecimalField(
        _("trykt beløb"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta(Positioned.Meta):
        verbose_name = _("deltager")
        verbose_name_plural = _("deltagere")

    def __str__(self):
        return self.name


class KeyValue(models.Model):
    participant = models.ForeignKey(KeyParticipant, on_delete=models.CASCADE, related_name="values")
    basis = models.ForeignKey(KeyBasis, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(
        _("værdi"), max_digits=16, decimal_places=4,
        validators=[MinValueValidator(0, _("Et grundlag må ikke være negativt."))],
    )  # fmt: skip

    class Meta:
        verbose_name = _("grundlagsværdi")
        verbose_name_plural = _("grundlagsværdier")
        constraints = [
            models.UniqueConstraint(fields=["participant", "basis"], name="unique_key_value")
        ]

    def __str__(self):
        return f"{self.participant}: {self.value}"


class KeyDerived(models.Model):
    """A column computed from the raw or the rounded quota (e.g. '10 pct. frafald' = × 0,9)."""

    class Source(models.TextChoices):
        RAW = "raw", _("den uafrundede kvote")
        ROUNDED = "rounded", _("den afrundede kvote")

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="derived")
    name = models.CharField(_("kolonne"), max_length=100)
    factor = models.DecimalField(_("faktor"), max_digits=10, decimal_places=6)
    source = models.CharField(_("beregnes af"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("afledt kolonne")
        verbose_name_plural = _("afledte kolonner")

    def __str__(self):
        return f"{self.name} = {self.factor} × {self.source}"


class Secretariat(Named):
    class Meta(Named.Meta):
        verbose_name = _("sekretariat")
        verbose_name_plural = _("sekretariater")


class BudgetTable(SecretariatApproved):
    """The accounts and budget table a secretariat has approved: periods as columns, lines as
    rows; every total is computed."""

    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("sekretariat"), on_delete=models.PROTECT, related_name="tables"
    )
    year = models.PositiveIntegerField(_("budgetår"))
    title = models.CharField(_("titel"), max_length=300)
    pl_uplift = models.DecimalField(
        _("PL-fremskrivning (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    carried_forward = models.DecimalField(
        _("overført overskud til næste år"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    payback_key = models.ForeignKey(
        DistributionKey, verbose_name=_("nøgle for tilbagebetaling"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    approved_by = models.ForeignKey(
        "meetings.AgendaItem", verbose_name=_("godkendt under punkt"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="budget_tables",
    )  # fmt: skip

    class Meta:
        verbose_name = _("regnskab og budget")
        verbose_name_plural = _("regnskaber og budgetter")
        ordering = ["-year", "secretariat__name"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budgets:table_detail", args=[self.pk])


class Period(Positioned):
    class Kind(models.TextChoices):
        BUDGET = "budget", _("budget")
        ACCOUNTS = "accounts", _("regnskab")

    table = models.ForeignKey(BudgetTable, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("kolonne"), max_length=100)
    kind = models.CharField(_("art"), max_length=20, choices=Kind.choices)
    year = models.PositiveIntegerField(_("år"))
    footnote = models.CharField(_("fodnote"), max_length=10, blank=True)
    typed_expenses = models.DecimalField(
        _("trykt udgiftstotal"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    typed_income = models.DecimalField(
        _("trykt indtægtstotal"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta(Positioned.Meta):
        verbose_name = _("periode")
        verbose_name_plural = _("perioder")

    def __str__(self):
        return self.label


class Line(Positioned):
    class Side(models.TextChoices):
        EXPENSE = "expense", _("udgift")
        INCOME = "income", _("indtægt")

    class Role(models.TextChoices):
        OTHER = "", _("—")
        CHARGE = "charge", _("indkrævet hos kommunerne")
        CARRIED = "carried", _("overført overskud")

    table = models.ForeignKey(BudgetTable, on_delete=models.CASCADE, related_name="lines")
    label = models.CharField(_("post"), max_length=300)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    role = models.CharField(_("rolle"), max_length=10, choices=Role.choices, blank=True, default="")

    class Meta(Positioned.Meta):
        verbose_name = _("post")
        verbose_name_plural = _("poster")

    def __str__(self):
        return self.label


class Amount(models.Model):
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="amounts")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="amounts")
    value = models.DecimalField(
        _("beløb"), max_digits=14, decimal_places=2,
        validators=[MinValueValidator(0, _("Beløbet må ikke være negativt; brug den anden side."))],
    )  # fmt: skip
    footnote = models.CharField(_("fodnote"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("beløb")
        verbose_name_plural = pgettext_lazy("flertal", "beløb")
        constraints = [models.UniqueConstraint(fields=["line", "period"], name="unique_amount")]

    def __str__(self):
        return f"{self.line} / {self.period}: {self.value}"


class Footnote(models.Model):
    table = models.ForeignKey(BudgetTable, on_delete=models.CASCADE, related_name="footnotes")
    mark = models.CharField(_("mærke"), max_length=10)
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("fodnote")
        verbose_name_plural = _("fodnoter")
        ordering = ["mark"]
        constraints = [models.UniqueConstraint(fields=["table", "mark"], name="unique_footnote")]

    def __str__(self):
        return f"{self.mark}) {self.text[:60]}"
