from django import forms
from django.contrib import admin

from municipalities import services
from municipalities.models import CouncilReferral, CouncilTreatment, MunicipalityContact


class TreatmentInline(admin.TabularInline):
    model = CouncilTreatment
    extra = 0
    can_delete = False
    fields = ("municipality", "status", "sent_on", "agenda_date", "decided_on", "outcome",
              "outcome_text", "reminder_sent_at")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReferralForm(forms.ModelForm):
    class Meta:
        model = CouncilReferral
        fields = ("item", "deadline")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("item") and cleaned.get("deadline"):
            services.referral_check(item=cleaned["item"], deadline=cleaned["deadline"])
        return cleaned


@admin.register(CouncilReferral)
class CouncilReferralAdmin(admin.ModelAdmin):
    """Marking a decision for the councils; the rows are then kept by the municipalities."""

    form = ReferralForm
    list_display = ("__str__", "deadline", "created")
    raw_id_fields = ("item",)
    inlines = [TreatmentInline]

    def get_readonly_fields(self, request, obj=None):
        return ("item",) if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["deadline"])
            return
        obj.pk = services.referral_create(
            item=obj.item, deadline=obj.deadline, user=request.user
        ).pk

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)


@admin.register(MunicipalityContact)
class MunicipalityContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "municipality")
    list_filter = ("municipality",)
