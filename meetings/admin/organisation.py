import nested_admin
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from meetings import rendering, selectors, services
from meetings.forms import AgendaItemForm, AgendaItemFormSet, AnnexForm, MeetingForm
from meetings.models import (
    AgendaItem,
    AgendaSection,
    Annex,
    Appointment,
    Attendance,
    Body,
    ItemProposal,
    Leave,
    Meeting,
    Membership,
    Municipality,
    PackageVersion,
    Person,
    RenderJob,
)


class AnnexInline(nested_admin.NestedTabularInline):
    model = Annex
    form = AnnexForm
    extra = 0
    sortable_field_name = "position"
    fields = ["position", "title", "file", "closed", "page_count", "size", "original_name"]
    readonly_fields = ["page_count", "size", "original_name"]


class AgendaItemInline(nested_admin.NestedStackedInline):
    model = AgendaItem
    form = AgendaItemForm
    formset = AgendaItemFormSet
    extra = 0
    sortable_field_name = "position"
    inlines = [AnnexInline]
    fieldsets = [
        (None, {"fields": ["position", "title", ("case_number", "initials"), "closed"]}),
        (_("Tekst"), {"fields": list(AgendaItem.TEXT_FIELDS)}),
    ]


class AgendaSectionInline(nested_admin.NestedStackedInline):
    model = AgendaSection
    extra = 0
    sortable_field_name = "position"
    inlines = [AgendaItemInline]
    fields = ["position", "title"]


class AttendanceInline(nested_admin.NestedTabularInline):
    model = Attendance
    extra = 0
    fields = ["person", "status", "substitute_for", "substitute_called", "reported_at"]
    readonly_fields = ["reported_at"]
    autocomplete_fields = ["person", "substitute_for"]
    verbose_name_plural = _("fremmøde (til referatet)")


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    form = MeetingForm
    list_display = ["start", "body", "title", "location", "status", "version_count"]
    list_filter = ["status", "body"]
    search_fields = ["title", "location", "sections__items__title", "sections__items__case_number"]
    date_hierarchy = "start"
    inlines = [AgendaSectionInline, AttendanceInline]
    fields = ["body", "title", "kind", "start", "location", "cancelled", "late_publish_reason", "status",
              "edit_version"]  # fmt: skip
    readonly_fields = ["status"]
    actions = ["publish", "publish_minutes"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).select_related("body").annotate(n=Count("versions"))

    @admin.display(description=_("versioner"), ordering="n")
    def version_count(self, obj):
        return obj.n

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/offentliggoer/",
                self.admin_site.admin_view(self.publish_view),
                name="meetings_meeting_publish",
            ),
            path(
                "<int:pk>/renderstatus/",
                self.admin_site.admin_view(self.render_status_view),
                name="meetings_meeting_render_status",
            ),
        ]
        return urls + super().get_urls()

    def publish_view(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, meeting):
            raise PermissionDenied
        service = (
            services.meeting_publish_minutes
            if request.POST.get("what") == "minutes"
            else services.meeting_publish
        )
        self._publish(request, Meeting.objects.filter(pk=pk), service)
        return redirect("admin:meetings_meeting_change", pk)

    def render_status_view(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        if not self.has_view_permission(request, meeting):
            raise PermissionDenied
        return JsonResponse(selectors.render_status(meeting=meeting))

    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.agenda_renumber(meeting=form.instance)

    @admin.action(description=_("Offentliggør dagsorden (ny version)"))
    def publish(self, request, queryset):
        self._publish(request, queryset, services.meeting_publish)

    @admin.action(description=_("Offentliggør referat (beslutninger)"))
    def publish_minutes(self, request, queryset):
        self._publish(request, queryset, services.meeting_publish_minutes)

    def _publish(self, request, queryset, service):
        done = 0
        for meeting in queryset:
            try:
                version = service(meeting=meeting, user=request.user)
            except (ValidationError, services.InvalidTransition) as error:
                message = "; ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{meeting}: {message}", messages.ERROR)
                continue
            done += 1
            self.message_user(
                request,
                _("%(meeting)s er offentliggjort som version %(n)s.")
                % {"meeting": meeting, "n": version.number},
            )
        if not done:
            self.message_user(
                request,
                ngettext("Intet møde blev offentliggjort.", "Ingen møder blev offentliggjort.", 2),
                messages.WARNING,
            )


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    """Single items, for reading an item's history and restoring an earlier text."""

    form = AgendaItemForm
    list_display = ["__str__", "section", "case_number", "closed"]
    list_filter = ["closed", "section__meeting__body"]
    search_fields = ["title", "case_number"]
    list_select_related = ["section__meeting__body"]


@admin.register(Annex)
class AnnexAdmin(SimpleHistoryAdmin):
    form = AnnexForm
    list_display = ["__str__", "item", "page_count", "size", "closed"]
    list_filter = ["closed"]
    search_fields = ["title", "original_name"]
    list_select_related = ["item__section"]


@admin.register(PackageVersion)
class PackageVersionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "published_at", "published_by", "includes_decisions"]
    list_filter = ["includes_decisions", "meeting__body"]
    date_hierarchy = "published_at"
    readonly_fields = [f.name for f in PackageVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RenderJob)
class RenderJobAdmin(admin.ModelAdmin):
    list_display = ["version", "status", "progress", "attempts", "created", "finished"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in RenderJob._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Prøv igen"), permissions=["view"])
    def retry(self, request, queryset):
        for job in queryset.filter(status=RenderJob.Status.FAILED):
            rendering.render_job_retry(job=job)
            self.message_user(request, _("%(job)s er sat i kø igen.") % {"job": job})


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["substitute"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "party", "municipality", "email", "user"]
    list_filter = ["municipality", "party"]
    search_fields = ["name", "email"]
    inlines = [MembershipInline]


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    inlines = [LeaveInline]
    list_display = ["person", "body", "role", "municipality", "party", "substitute", "start", "end"]
    list_filter = ["body", "role", "municipality"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person", "substitute"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "seat", "person", "municipality", "party", "start", "end"]
    list_filter = ["organisation", "municipality"]
    search_fields = ["organisation", "person__name"]
    autocomplete_fields = ["person", "substitute", "decided_by"]
    date_hierarchy = "end"


@admin.register(ItemProposal)
class ItemProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "proposer", "meeting", "submitted_at", "status"]
    list_filter = ["status"]
    readonly_fields = ["meeting", "proposer", "submitted_at"]
    search_fields = ["title", "proposer__name"]
