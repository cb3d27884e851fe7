from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from search.models import AnnexText, UnsearchableAnnex


@admin.register(UnsearchableAnnex)
class UnsearchableAnnexAdmin(admin.ModelAdmin):
    """Scanned annexes without a text layer: they cannot be found by their content."""

    list_display = ["title", "item", "page_count", "status"]
    list_select_related = ["item__section__meeting"]
    search_fields = ["title"]

    def get_queryset(self, request):
        scans = AnnexText.objects.filter(pages_with_text=0).values("sha256")
        return super().get_queryset(request).filter(sha256__in=scans)

    @admin.display(description=_("søgning"))
    def status(self, obj):
        return _("ingen tekst – kan ikke søges")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AnnexText)
class AnnexTextAdmin(admin.ModelAdmin):
    list_display = ["sha256", "pages", "pages_with_text", "extracted"]
    readonly_fields = ["sha256", "text", "pages", "pages_with_text", "extracted"]
