"""Bodies, municipalities, people and their memberships."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kkr_portal.models import Audited, Mailed, Named, Timestamped
from meetings.procedure import leave_replaces_member, substitute_conflicts
from meetings.text import danish_sort_key


class Body(Named, Timestamped):
    slug = models.SlugField(_("kortnavn i adresser"), unique=True)

    class Meta(Named.Meta):
        verbose_name = _("organ")
        verbose_name_plural = _("organer")


class Municipality(Named, Timestamped):
    code = models.PositiveSmallIntegerField(_("kommunekode"), unique=True)

    class Meta(Named.Meta):
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    @staticmethod
    def sorted_danish(municipalities):
        return sorted(municipalities, key=lambda m: danish_sort_key(m.name))


class Person(Audited, Timestamped):
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

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.party})" if self.party else self.name


class Seat(models.Model):
    """A seat a person holds for a period, on behalf of a municipality and for a party: in one
    of the portal's bodies (Membership) or, by the council's appointment, in another (Appointment).
    The substitute is each kind's own: a personal substitute in a body is bound by § 3 stk. 4."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), null=True, blank=True, on_delete=models.PROTECT
    )
    party = models.CharField(_("parti"), max_length=20, blank=True)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        abstract = True


class Membership(Audited, Seat):
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
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("personlig stedfortræder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitute_for",
    )

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["body", "person__name"]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    def clean(self):
        conflicts = substitute_conflicts(self)
        if conflicts:
            raise ValidationError(
                {
                    "substitute": _(
                        "%(person)s er allerede personlig stedfortræder for %(other)s i samme "
                        "periode. En stedfortræder kan kun være det for ét medlem (§ 3 stk. 4)."
                    )
                    % {"person": self.substitute, "other": conflicts[0].person}
                }
            )


class Leave(Audited):
    """A member's absence. Three months or more: the personal substitute sits meanwhile
    (forretningsorden § 3 stk. 5–6)."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("medlemskab"), on_delete=models.CASCADE, related_name="leaves"
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))
    reason = models.CharField(_("årsag"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fravær")
        verbose_name_plural = pgettext_lazy("flertal", "fravær")
        ordering = ["-start"]

    def __str__(self):
        return f"{self.membership.person}: {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    @property
    def substitute_sits(self) -> bool:
        return leave_replaces_member(self.start, self.end)


class Appointment(Audited, Seat):
    """A person appointed by the council to a seat in another body (udpegning)."""

    organisation = models.CharField(_("organ"), max_length=300)
    seat = models.CharField(_("post"), max_length=200, default="Medlem")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointments"
    )
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("stedfortræder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("besluttet under punkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )

    class Meta:
        verbose_name = _("udpegning")
        verbose_name_plural = _("udpegninger")
        ordering = ["organisation", "seat", "person__name"]

    def __str__(self):
        return f"{self.person} – {self.seat}, {self.organisation}"


class Subscription(Mailed):
    """A user who wants an e-mail when a package or a new version of one is published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="subscriptions")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="unique_subscription")]

    def __str__(self):
        return f"{self.user} – {self.body}"
