from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.rules import is_secretariat


class PortalAdminSite(admin.AdminSite):
    """The secretariat's editing surface; nobody else gets in, whatever their staff flag says."""

    site_header = _("KKR Portal – sekretariatet")
    site_title = _("KKR Portal")
    index_title = _("Redigering")

    def has_permission(self, request):
        return request.user.is_active and is_secretariat(request.user)

    def autocomplete_view(self, request):
        from meetings.admin_pickers import PortalAutocompleteJsonView

        return PortalAutocompleteJsonView.as_view(admin_site=self)(request)
