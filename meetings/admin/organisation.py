"""Admin pages for the organisation (bodies, people, memberships) and the frozen versions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings import rendering
from meetings.admin.base import (
    DanishAddLinksMixin,
    DanishInlineMixin,
    VersionWorkAdmin,
    meeting_column,
)
from meetings.admin.withdraw import delete_versions, withdraw
from meetings.models import (
    Appointment,
    Body,
    ClosureReason,
    ItemProposal,
    Leave,
    Membership,
    Municipality,
    PackageVersion,
    Person,
    RenderJob,
)


@admin.register(PackageVersion)
class PackageVersionAdmin(admin.ModelAdmin):
    list_display = [meeting_column("meeting"), "number", "published_at", "published_by",
                    "includes_decisions", "withdrawn_at", "withdrawn_by"]  # fmt: skip
    list_select_related = ["meeting__body", "published_by", "withdrawn_by"]
    list_filter = ["includes_decisions", "meeting__body"]
    date_hierarchy = "published_at"
    readonly_fields = [f.name for f in PackageVersion._meta.fields if f.name != "id"]
    actions = [withdraw]

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        delete_versions([obj])

    def delete_queryset(self, request, queryset):
        delete_versions(queryset)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RenderJob)
class RenderJobAdmin(VersionWorkAdmin):
    list_display = ["meeting", "version", "status", "progress", "attempts", "created", "finished"]
    fields = ["status", "error", "version", "progress", "done", "total", "attempts", "started",
              "finished", "heartbeat"]  # fmt: skip
    actions = ["retry"]

    @admin.action(description=_("Prøv igen"), permissions=["view"])
    def retry(self, request, queryset):
        for job in queryset.filter(status=RenderJob.Status.FAILED):
            rendering.render_job_retry(job=job)
            self.message_user(request, _("%(job)s er sat i kø igen.") % {"job": job})


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ClosureReason)
class ClosureReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_reference", "position"]
    list_editable = ["position"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


# The form's order (explicit: the fields a membership shares with an appointment come from
# their common base, Seat, and would otherwise be listed first).
MEMBERSHIP_FIELDS = [
    "person",
    "body",
    "role",
    "municipality",
    "party",
    "substitute",
    "start",
    "end",
]


class MembershipInline(DanishInlineMixin, admin.TabularInline):
    model = Membership
    add_text = _("Tilføj endnu et medlemskab")
    fk_name = "person"
    fields = [name for name in MEMBERSHIP_FIELDS if name != "person"]
    extra = 0
    autocomplete_fields = ["substitute"]


@admin.register(Person)
class PersonAdmin(DanishAddLinksMixin, SimpleHistoryAdmin):
    list_display = ["name", "party", "municipality", "email", "user"]
    list_filter = ["municipality", "party"]
    search_fields = ["name", "email"]
    inlines = [MembershipInline]


class LeaveInline(DanishInlineMixin, admin.TabularInline):
    model = Leave
    add_text = _("Tilføj endnu et fravær")
    extra = 0


@admin.register(Membership)
class MembershipAdmin(DanishAddLinksMixin, SimpleHistoryAdmin):
    inlines = [LeaveInline]
    fields = MEMBERSHIP_FIELDS
    list_display = MEMBERSHIP_FIELDS
    list_filter = ["body", "role", "municipality"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person", "substitute"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    fields = ["organisation", "seat", "person", "municipality", "party", "substitute", "start",
              "end", "decided_by"]  # fmt: skip
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
