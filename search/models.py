"""The search index: what each audience may find, built from published versions only."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kkr_portal.models import AnnexFileFacts, Created, Mailed
from meetings.models import Annex
from meetings.visibility import Audience

# The secretariat finds what members find.
FINDABLE_BY = [(audience.value, audience.label) for audience in (Audience.PUBLIC, Audience.MEMBERS)]


class AnnexText(AnnexFileFacts):
    """Text extracted from an annex file (by its checksum), after upload, in the background."""

    text = models.TextField(_("tekst"), blank=True)
    extracted = models.DateTimeField(_("læst"), auto_now=True)
    # Read with every layer shown, the hidden ones too (a text read before that is read again
    # when the file has hidden layers: see compliance.guard).
    every_layer = models.BooleanField(_("alle lag læst"), default=False, editable=False)
    # The names of the layers the file's author turned off, read with the text (None: read
    # before they were; compliance.guard reads them from the file then, once).
    hidden_layers = models.JSONField(_("lag slået fra"), null=True, editable=False)
    # The lines set on page after page (search/furniture.py), after each page's own in `text`:
    # the index keeps them once.
    furniture = models.JSONField(_("gentaget på hver side"), default=list, editable=False)

    class Meta:
        verbose_name = _("bilagstekst")
        verbose_name_plural = _("bilagstekster")

    @property
    def finding(self) -> str:
        return _("%(text)s af %(pages)s sider med tekst") % {
            "text": self.pages_with_text,
            "pages": self.pages,
        }

    @property
    def searchable(self) -> bool:
        return self.pages_with_text > 0


class Entry(models.Model):
    """One findable thing for one audience: 'public' entries are for everyone, 'members'
    entries (closed text and annexes) for council members and the secretariat only."""

    class Kind(models.TextChoices):
        ITEM = "item", _("dagsordenpunkt")
        ANNEX = "annex", _("bilag")
        CONTRACT = "contract", _("resultatkontrakt")
        BUDGET = "budget", _("budget")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField(max_length=10, choices=FINDABLE_BY)
    source = models.CharField(max_length=100, db_index=True)  # e.g. "meeting:12", "contract:3"
    body = models.ForeignKey("meetings.Body", null=True, blank=True, on_delete=models.CASCADE)
    # Entries of a deleted meeting go with it, so search never points into a meeting that is gone.
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField(db_index=True)
    date = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=500)
    context = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # A closed item's public entry (number and title only); members find the full entry instead.
    superseded_for_members = models.BooleanField(default=False)
    document = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("søgeindgang")
        verbose_name_plural = _("søgeindgange")

    def __str__(self):
        return self.title

    @property
    def closed(self) -> bool:
        """Found in what members only may read (a closed item or annex): marked as such."""
        return self.audience == Audience.MEMBERS


class Word(models.Model):
    """A long word of the index, as PostgreSQL's Danish configuration stems it: the compounds a
    search term may stand inside (search/compounds.py)."""

    lexeme = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.lexeme


class Abbreviation(models.Model):
    """An abbreviation and what it stands for (search/abbreviations.py): as a public text of the
    index defines it ("Business Region North Denmark (BRN)"), which it goes with, or as the
    secretariat writes it (no entry)."""

    short = models.CharField(_("forkortelse"), max_length=20)
    long = models.CharField(_("står for"), max_length=200)
    entry = models.ForeignKey(
        Entry, null=True, blank=True, editable=False, on_delete=models.CASCADE, related_name="+"
    )
    # The secretariat's word that this abbreviation does not stand for this name (a text's
    # definition that is wrong): neither this row nor any text's alike is used.
    rejected = models.BooleanField(_("bruges ikke"), default=False)
    # Both as the search reads them, set when they are saved: 'brn', and
    # 'busines' <-> 'region' <-> 'north' <-> 'denmark'.
    short_query = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    long_query = models.CharField(max_length=1000, blank=True, editable=False)

    class Meta:
        verbose_name = _("forkortelse")
        verbose_name_plural = _("forkortelser")
        ordering = ["short", "long"]

    def __str__(self):
        return f"{self.short} ({self.long})"


class SavedSearch(Created, Mailed):
    """A reader's search that e-mails them what newly published agendas and minutes have for it
    (search/agents.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    q = models.CharField(_("søgeord"), max_length=200)
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("organ"), null=True, blank=True, on_delete=models.CASCADE
    )
    kind = models.CharField(_("type"), max_length=20, choices=Entry.Kind.choices, blank=True)
    # The addresses of what was found and told already, so each finding is told once.
    told = models.JSONField(default=list, editable=False)

    class Meta:
        ordering = ["q", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "q", "body", "kind"], name="unique_saved_search"
            )
        ]

    def __str__(self):
        return self.q


class UnsearchableAnnex(Annex):
    """Annexes whose file has no text layer (scans): flagged to the secretariat."""

    class Meta:
        proxy = True
        verbose_name = _("bilag uden tekst – kan ikke søges")
        verbose_name_plural = pgettext_lazy("flertal", "bilag uden tekst – kan ikke søges")
