from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.models import (
    AccessibilityStatement,
    AccessibleCopyRequest,
    AnnexAccessibility,
    AnnexOcr,
)
from kkr_portal.admin import ReadOnlyAdmin


@admin.register(AnnexOcr)
class AnnexOcrAdmin(ReadOnlyAdmin):
    list_display = ("sha256", "state", "pages", "pages_with_text", "seconds", "updated")
    list_filter = ("state",)
    readonly_fields = (
        "sha256",
        "state",
        "stored_name",
        "pages",
        "pages_with_text",
        "error",
        "seconds",
    )

    @admin.display(description=_("fil med tekst"))
    def stored_name(self, obj):
        """The copy's name in storage: stored files have no public address to link to (readers
        get the copy through the annex's download)."""
        return obj.file.name or "–"


@admin.register(AnnexAccessibility)
class AnnexAccessibilityAdmin(ReadOnlyAdmin):
    list_display = ("sha256", "pages", "pages_with_text", "title", "language", "tagged",
                    "problem_list")  # fmt: skip
    list_filter = ("tagged",)

    @admin.display(description=_("problemer"))
    def problem_list(self, obj):
        return ", ".join(obj.problems) or _("ingen")


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "official_url", "contact_email", "updated")
    # An address typed without a scheme is read as https, as browsers do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return not AccessibilityStatement.objects.exists()


@admin.register(AccessibleCopyRequest)
class AccessibleCopyRequestAdmin(admin.ModelAdmin):
    list_display = ("annex", "email", "created", "handled")
    list_filter = ("handled",)
    readonly_fields = ("annex", "email", "message", "created")
