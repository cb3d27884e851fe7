from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from kkr_portal.admin import ReadOnlyAdmin
from search.models import AnnexText, UnsearchableAnnex

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
    readonly_fields = ["sha256", "text", "pages", "pages_with_text", "extracted"]
