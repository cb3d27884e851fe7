from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.text import format_date
from municipalities import selectors, services
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


class DecidedItemField(forms.ModelChoiceField):
    """A decided item of published minutes, named by its meeting's date, number and title."""

    def label_from_instance(self, item):
        meeting = item.section.meeting
        return f"{format_date(meeting.start, 'day')} · {meeting.body.name} · {item.number} {item.title}"


class ReferralForm(forms.ModelForm):
    """The decision is chosen among those of published minutes not yet sent to the councils,
    newest meeting first (a link may name it: `?item=<id>`)."""

    item = DecidedItemField(queryset=CouncilReferral.objects.none(), label=_("dagsordenpunkt"))

    class Meta:
        model = CouncilReferral
        fields = ("item", "deadline")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a referral's item is fixed (shown read-only)
            self.fields.pop("item", None)
        else:
            self.fields["item"].queryset = selectors.referable_items()

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
    inlines = [TreatmentInline]

    def get_readonly_fields(self, request, obj=None):
        return ("item",) if obj else ()

    def get_inline_instances(self, request, obj=None):
        # The service makes the eleven rows when the referral is made; they are shown after.
        return super().get_inline_instances(request, obj) if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["deadline"])
            return
        obj.pk = services.referral_create(
            item=obj.item, deadline=obj.deadline, user=request.user
        ).pk


@admin.register(MunicipalityContact)
class MunicipalityContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "municipality")
    list_filter = ("municipality",)
