"""Meetings, their agenda sections, items, annexes and attendance."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kkr_portal.models import Audited, Positioned, Timestamped
from meetings.models.organisation import Body, Person
from meetings.package import Signer


class MeetingQuerySet(models.QuerySet):
    """Which meetings a user may see is decided in meetings/visibility.py (`meetings_for`)."""


class Meeting(Timestamped):
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

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinært møde")
        EXTRAORDINARY = "extraordinary", _("ekstraordinært møde")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    kind = models.CharField(
        _("mødetype"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY
    )
    cancelled = models.BooleanField(
        _("aflyst"), default=False, help_text=_("Aflyste møder står som aflyst i kalenderne.")
    )
    late_publish_reason = models.TextField(
        _("begrundelse for sen udsendelse"),
        blank=True,
        help_text=_(
            "Dagsordenen udsendes senest samme ugedag ugen før mødet (§ 5 stk. 5). "
            "Offentliggøres den senere, skal begrundelsen stå her."
        ),
    )

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
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def display_title(self):
        return self.title or f"Møde i {self.body.name}"


class AgendaSection(Positioned, Audited):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("nummer"), default=0)
    title = models.CharField(_("overskrift"), max_length=300)

    class Meta(Positioned.Meta):
        verbose_name = _("afsnit")
        verbose_name_plural = pgettext_lazy("flertal", "afsnit")

    def __str__(self):
        return f"{self.position}. {self.title}"


class ClosureReason(models.Model):
    """Why an item is closed (the secretariat's list): personal matters, business secrets …"""

    name = models.CharField(_("begrundelse"), max_length=200, unique=True)
    legal_reference = models.CharField(
        _("lovhenvisning"), max_length=300, blank=True,
        help_text=_("Fx «Offentlighedslovens § 30, nr. 1». Vises i parentes efter begrundelsen."),
    )  # fmt: skip
    position = models.PositiveIntegerField(_("placering"), default=0)

    class Meta:
        verbose_name = _("begrundelse for lukning")
        verbose_name_plural = _("begrundelser for lukning")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class AgendaItem(Audited):
    TEXT_FIELDS = ("background", "recommendation", "presentation", "decision")

    section = models.ForeignKey(
        AgendaSection, verbose_name=_("afsnit"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("placering"), default=0)
    title = models.CharField(_("titel"), max_length=500)
    case_number = models.CharField(_("sagsnummer"), max_length=40, blank=True)
    initials = models.CharField(_("initialer"), max_length=40, blank=True)
    kle_number = models.CharField(
        _("KLE-nummer"),
        max_length=20,
        blank=True,
        help_text=_(
            "Emnet i KL's emnesystematik, fx 27.18.00, som kommunerne journaliserer efter."
        ),
    )
    closed = models.BooleanField(
        _("lukket punkt"),
        default=False,
        help_text=_("Kun nummer og titel er offentlige; teksten og bilagene er lukkede."),
    )
    # What the public is told of a closed item (DESIGN.md §4): what it is about, why it is
    # closed, and after the meeting what was decided, as far as confidentiality allows.
    public_title = models.CharField(
        _("offentlig titel"), max_length=500, blank=True,
        help_text=_("Hvad punktet handler om, uden det fortrolige. Vises offentligt i stedet for titlen."),
    )  # fmt: skip
    closure_reason = models.ForeignKey(
        ClosureReason, verbose_name=_("begrundelse for lukning"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    public_decision = models.TextField(
        _("offentlig beslutning"), blank=True,
        help_text=_("Beslutningen, så vidt fortroligheden tillader. Offentliggøres med referatet."),
    )  # fmt: skip
    background = models.TextField(_("Baggrund"), blank=True)
    recommendation = models.TextField(_("Indstilling"), blank=True)
    presentation = models.TextField(_("Sagsfremstilling"), blank=True)
    decision = models.TextField(_("Beslutning"), blank=True)

    class Meta:
        verbose_name = _("dagsordenpunkt")
        verbose_name_plural = _("dagsordenpunkter")
        ordering = ["section__position", "position", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self):
        return f"{self.section.position}.{self.position}"


class SignedOriginalWithheld(models.TextChoices):
    """Why a signed upload is not handed to readers as it was sent (publishing/signatures.py)."""

    ACTIVE = "active", _("filen har scripts, handlinger eller vedhæftede filer")
    EARLIER = (
        "earlier",
        _("filen gemmer en tidligere udgave af sider, som bilaget ikke længere viser"),
    )
    STORED_ANEW = (
        "stored_anew",
        _("filen måtte repareres, og underskrifterne dækker ikke den gemte fil"),
    )


def annex_upload_to(annex, filename):
    # Content-addressed and unguessable: a replaced file never overwrites one a version refers to.
    return f"annexes/{annex.sha256[:2]}/{annex.sha256}-{uuid.uuid4().hex}.pdf"


class Annex(Positioned):
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
    # The upload was encrypted with an empty password and is kept decrypted, so every reader can
    # open it: the stored file is not byte for byte the one that was sent.
    stored_decrypted = models.BooleanField(_("gemt uden kryptering"), default=False, editable=False)
    # A signed upload stored decrypted or repaired: the file as it was sent, which its signatures
    # cover, for the secretariat and, where nothing withholds it, for readers to check them in
    # (`file`, the copy, is what everything else reads).
    sent = models.FileField(
        _("fil som sendt"), upload_to=annex_upload_to, max_length=300, blank=True, editable=False
    )
    # A reader's copy is a new file that no signature covers: where the upload is signed and
    # nothing withholds it, readers may also fetch it as it was sent (publishing/signatures).
    signatures = models.PositiveSmallIntegerField(
        _("digitale underskrifter"), default=0, editable=False
    )
    signed_original_withheld = models.CharField(
        _("underskrevet original ikke til læserne, fordi"), max_length=20, blank=True,
        choices=SignedOriginalWithheld.choices, editable=False,
    )  # fmt: skip
    # Who signed it and whether each signature holds (publishing/signers.py; package.Signer).
    signers = models.JSONField(_("underskrivere"), default=list, blank=True, editable=False)
    # Its own history rather than Audited's inherited one: the search app's proxy of it
    # (UnsearchableAnnex) is a list, not a second audit trail.
    history = HistoricalRecords()

    class Meta(Positioned.Meta):
        verbose_name = _("bilag")
        verbose_name_plural = pgettext_lazy("flertal", "bilag")

    def __str__(self):
        return f"Bilag {self.position}: {self.title}"

    @property
    def is_closed(self):
        return self.closed or self.item.closed

    @property
    def signer_facts(self) -> tuple[Signer, ...]:
        return tuple(Signer.from_json(signer) for signer in self.signers)

    @property
    def signed_original(self) -> bool:
        """Readers may fetch the upload as it was sent: it is signed, and nothing withholds it."""
        return self.signatures > 0 and not self.signed_original_withheld

    @property
    def signed_file(self) -> str:
        """The stored name of the upload as it was sent."""
        return self.sent.name or self.file.name


class Attendance(Audited):
    """Who is expected, who sent apologies, who came; substitutes who came in a member's place."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("forventet")
        REPORTED_ABSENT = "reported_absent", _("meldt afbud")
        PRESENT = "present", _("til stede")
        ABSENT = "absent", _("fraværende")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EXPECTED
    )
    substitute_for = models.ForeignKey(
        Person,
        verbose_name=_("stedfortræder for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    substitute_called = models.BooleanField(_("stedfortræder indkaldt"), default=False)
    reported_at = models.DateTimeField(_("afbud meldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_attendance")
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"


class ItemProposal(Audited):
    """A member's written proposal for an item on an ordinary meeting (§ 5 stk. 4)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("modtaget")
        ON_AGENDA = "on_agenda", _("sat på dagsordenen")
        DECLINED = "declined", _("ikke optaget")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="proposals"
    )
    proposer = models.ForeignKey(
        Person, verbose_name=_("forslagsstiller"), on_delete=models.PROTECT
    )
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("begrundelse"))
    submitted_at = models.DateTimeField(_("indsendt"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )

    class Meta:
        verbose_name = _("forslag til dagsordenpunkt")
        verbose_name_plural = _("forslag til dagsordenpunkter")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.title} ({self.proposer})"
