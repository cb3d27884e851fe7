from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from archive.contents import ContentsError
from archive.forms import PackageImportForm
from archive.models import ImportedPackage
from archive.services import SourcePdf, package_import


def _source(upload) -> SourcePdf | None:
    return SourcePdf(name=upload.name, data=upload.read()) if upload else None


@admin.register(ImportedPackage)
class ImportedPackageAdmin(admin.ModelAdmin):
    """Old packages: uploaded here (or with manage.py import_package), then read-only."""

    list_display = ("meeting", "bundle_name", "imported_at", "imported_by")
    readonly_fields = ("meeting", "agenda_name", "bundle_name", "minutes_name", "imported_at",
                       "imported_by")  # fmt: skip

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PackageImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                imported = package_import(
                    body=data["body"],
                    agenda=_source(data["agenda"]),
                    bundle=_source(data["bundle"]),
                    minutes=_source(data["minutes"]),
                    date=data["date"],
                    closed_annexes=data["closed_annexes"],
                    user=request.user,
                )
            except ContentsError as error:
                for problem in error.problems:
                    form.add_error(None, problem)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _("%(meeting)s er importeret og offentliggjort.")
                    % {"meeting": imported.meeting},
                    messages.SUCCESS,
                )
                return redirect("admin:archive_importedpackage_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importér gammel mødepakke"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "archive/import_form.html", context)
