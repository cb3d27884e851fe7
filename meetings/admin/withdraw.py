"""Withdrawing a version published by mistake, from the versions list in the admin."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from meetings import services


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor trækkes versionen tilbage?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Står i historikken sammen med dit navn; læserne ser den ikke."),
    )


@admin.action(description=_("Træk valgte versioner tilbage"), permissions=["view"])
def withdraw(model_admin, request, queryset):
    """Ask for the reason, then take the versions away from readers everywhere."""
    form = WithdrawForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        for version in queryset:
            try:
                services.version_withdraw(
                    version=version, user=request.user, reason=form.cleaned_data["reason"]
                )
            except (ValidationError, services.InvalidTransition) as error:
                model_admin.message_user(request, f"{version}: {error}", messages.ERROR)
                continue
            model_admin.log_change(
                request, version, f"Trukket tilbage: {form.cleaned_data['reason']}"
            )
            model_admin.message_user(request, _("%(v)s er trukket tilbage.") % {"v": version})
        return None
    return TemplateResponse(
        request,
        "admin/meetings/packageversion/withdraw.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Træk versioner tilbage"),
            "form": form,
            "versions": queryset,
            "opts": model_admin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


def delete_versions(queryset) -> None:
    for version in queryset:
        services.version_delete(version=version)
