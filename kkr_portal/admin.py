import nested_admin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.admin_pickers import PortalAutocompleteJsonView
from meetings.rules import is_secretariat


class PortalAdminSite(admin.AdminSite):
    """The secretariat's editing surface; nobody else gets in, whatever their staff flag says."""

    site_header = _("KKR Portal – sekretariatet")
    site_title = _("KKR Portal")
    index_title = _("Redigering")

    def has_permission(self, request):
        return request.user.is_active and is_secretariat(request.user)

    def autocomplete_view(self, request):
        return PortalAutocompleteJsonView.as_view(admin_site=self)(request)


class ReadOnlyAdmin(admin.ModelAdmin):
    """What the portal finds out or writes itself (render jobs, e-mails, extracted text): shown,
    never added or edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def nested_inline(model, *, stacked=False, sortable=False, inlines=(), mixins=(), **options):
    """A nested admin inline for `model` with no empty extra rows; `sortable` rows are dragged
    into order by their `position`."""
    base = nested_admin.NestedStackedInline if stacked else nested_admin.NestedTabularInline
    attrs = {"model": model, "extra": 0, "inlines": list(inlines), **options}
    if sortable:
        attrs["sortable_field_name"] = "position"
    return type(f"{model.__name__}Inline", (*mixins, base), attrs)
