"""The meeting's page: its own fields and the agenda as an outline (the builder)."""

import json

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings import outline, services
from meetings.admin import views
from meetings.admin_locking import LockedAdminMixin, form_lock
from meetings.forms import MeetingForm
from meetings.models import Meeting


class MeetingBuilderForm(MeetingForm):
    """The meeting's fields plus the outline's order, sent as JSON by the builder."""

    outline = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Seldom needed: a short box, so the agenda comes into view.
        self.fields["late_publish_reason"].widget.attrs.update(rows=2)
        # The date and time boxes of the start share one label; each needs its own name.
        date_box, time_box = self.fields["start"].widget.widgets
        date_box.attrs["aria-label"] = _("Startdato")
        time_box.attrs["aria-label"] = _("Starttid")

    def clean_outline(self):
        raw = self.cleaned_data.get("outline")
        if not raw or self.instance.pk is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        return outline.outline_parse(data)


@admin.register(Meeting)
class MeetingAdmin(LockedAdminMixin, SimpleHistoryAdmin):
    form = MeetingBuilderForm
    list_display = ["start", "body", "title", "location", "status", "version_count"]
    list_filter = ["status", "body"]
    search_fields = ["title", "location", "sections__items__title", "sections__items__case_number"]
    date_hierarchy = "start"
    fields = ["body", "title", "kind", "start", "location", "cancelled", "late_publish_reason",
              "status", "edit_version"]  # fmt: skip
    readonly_fields = ["status"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("body").annotate(n=Count("versions"))

    @admin.display(description=_("versioner"), ordering="n")
    def version_count(self, obj):
        return obj.n

    def get_urls(self):
        def route(suffix, view, name):
            return path(
                f"<int:pk>/{suffix}/",
                self.admin_site.admin_view(lambda request, pk: view(self, request, pk)),
                name=f"meetings_meeting_{name}",
            )

        return [
            route("offentliggoer", views.publish_checklist, "publish"),
            route("renderstatus", views.render_status, "render_status"),
            route("fremmoede", views.attendance, "attendance"),
            route("kopier", views.agenda_copy, "copy"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        meeting = self.get_object(request, object_id)
        if meeting is not None:
            extra_context.update(views.builder_context(meeting))
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj, user=request.user, lock=form_lock(form))

    def delete_model(self, request, obj):
        services.meetings_delete(meetings=[obj])

    def delete_queryset(self, request, queryset):
        services.meetings_delete(meetings=queryset)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sections = form.cleaned_data.get("outline")
        if not change:
            outline.agenda_standard_create(meeting=form.instance)
        elif sections is not None:
            outline.agenda_outline_apply(meeting=form.instance, sections=sections)

    def _after_save(self, request, obj):
        for button, what in (("_publish", "agenda"), ("_publish_minutes", "minutes")):
            if button in request.POST:
                url = reverse("admin:meetings_meeting_publish", args=[obj.pk])
                return redirect(f"{url}?what={what}")
        return None

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            # A new meeting opens in the builder with its standard sections.
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_add(request, obj, post_url_continue)
