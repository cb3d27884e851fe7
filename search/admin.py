from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kkr_portal.admin import ReadOnlyAdmin
from search import abbreviations
from search.models import Abbreviation, AnnexText, UnsearchableAnnex

NO_TEXT = _("ingen tekst – kan ikke søges")
PENDING = _("tekst ikke udtrukket endnu")


@admin.register(UnsearchableAnnex)
class UnsearchableAnnexAdmin(ReadOnlyAdmin):
    """Annexes that cannot be found by their content: scans without a text layer, and files whose
    text has not been extracted (yet), so none is silently missing from search."""

    list_display = ["title", "item", "page_count", "status"]
    list_select_related = ["item__section__meeting"]
    search_fields = ["title"]

    def get_queryset(self, request):
        texts = AnnexText.objects.filter(sha256=OuterRef("sha256"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                extracted=Exists(texts),
                has_text=Exists(texts.filter(pages_with_text__gt=0)),
            )
            .filter(Q(extracted=False) | Q(has_text=False))
        )

    @admin.display(description=_("søgning"))
    def status(self, obj):
        return NO_TEXT if obj.extracted else PENDING


@admin.register(AnnexText)
class AnnexTextAdmin(admin.ModelAdmin):
    list_display = ["sha256", "pages", "pages_with_text", "extracted"]
    readonly_fields = ["sha256", "text", "furniture", "pages", "pages_with_text", "extracted"]


class SourceFilter(admin.SimpleListFilter):
    title = _("kilde")
    parameter_name = "kilde"

    def lookups(self, request, model_admin):
        return [("sekretariatet", _("sekretariatet")), ("tekster", _("defineret i en tekst"))]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(entry__isnull=self.value() == "sekretariatet")
        return queryset


class AbbreviationForm(forms.ModelForm):
    class Meta:
        model = Abbreviation
        fields = ["short", "long", "rejected"]
        help_texts = {
            "short": _("Som teksterne skriver den, fx “KL”."),
            "long": _("Det, den står for, fx “Kommunernes Landsforening”. En søgning på den ene "
                      "finder også tekster, der kun skriver den anden."),
            "rejected": _("Forkortelsen står ikke for dette: hverken denne eller en teksts "
                          "definition magen til bruges i søgningen."),
        }  # fmt: skip

    def clean(self):
        data = super().clean()
        if "short" in data and "long" in data:
            for field, problem in abbreviations.readable(data["short"], data["long"]).items():
                self.add_error(field, problem)
        return data


@admin.register(Abbreviation)
class AbbreviationAdmin(admin.ModelAdmin):
    """The abbreviations a search reads as their names too (search/abbreviations.py): the
    secretariat's own, and those the public texts define (shown, not edited: they go with their
    text)."""

    list_display = ["short", "long", "source", "rejected"]
    list_filter = [SourceFilter, "rejected"]
    actions = ["reject"]
    search_fields = ["short", "long"]
    form = AbbreviationForm

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entry")

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.entry_id is None) and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.entry_id is None) and super().has_delete_permission(request)

    @admin.display(description=_("kilde"))
    def source(self, obj):
        if obj.entry_id is None:
            return _("sekretariatet")
        return format_html('<a href="{}">{}</a>', obj.entry.url, obj.entry.title)

    @admin.action(description=_("Brug ikke i søgningen"), permissions=["change"])
    def reject(self, request, queryset):
        """A text's definition is rejected by a row of the secretariat's (the text's own goes and
        comes with the text)."""
        for abbreviation in queryset:
            Abbreviation.objects.update_or_create(
                short=abbreviation.short, long=abbreviation.long, entry=None,
                defaults={"rejected": True},
            )  # fmt: skip
        abbreviations.read(Abbreviation.objects.filter(short_query="", long_query=""))
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d forkortelse bruges ikke længere i søgningen.",
                     "%(count)d forkortelser bruges ikke længere i søgningen.", count)
            % {"count": count},
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        obj.short_query = obj.long_query = ""
        super().save_model(request, obj, form, change)
        abbreviations.read(Abbreviation.objects.filter(pk=obj.pk))
