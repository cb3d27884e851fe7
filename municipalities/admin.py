from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import Municipality
from meetings.text import format_date
from municipalities import selectors, services
from municipalities.models import CouncilReferral, CouncilTreatment, MunicipalityContact


def _day(field: str):
    """A date column written short (04.12.2026), so eleven rows stay one line each."""

    def show(row):
        return format_date(getattr(row, field), "numeric") or "–"

    show.__name__ = field
    label = CouncilTreatment._meta.get_field(field).verbose_name
    return admin.display(description=label)(show)


class TreatmentInline(admin.TabularInline):
    """The eleven rows, in Danish order (Aalborg last), one line each."""

    model = CouncilTreatment
    extra = 0
    can_delete = False
    fields = ("municipality", "status", _day("sent_on"), _day("agenda_date"),
              _day("decided_on"), "outcome", "outcome_text", _day("notice_sent_at"),
              _day("reminder_sent_at"))  # fmt: skip
    readonly_fields = fields
    classes = ["treatment-table"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("municipality")
        order = Municipality.sorted_danish(Municipality.objects.all())
        rank = Case(*(When(municipality=m.pk, then=Value(i)) for i, m in enumerate(order)))
        return rows.annotate(danish_rank=rank).order_by("danish_rank")


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
        untold = services.municipalities_without_contacts()
        if len(untold) == Municipality.objects.count():
            self.message_user(
                request,
                gettext("Ingen kommune har en kontaktperson eller et login med e-mail, så ingen "
                        "får besked: tilføj kontaktpersoner i kommunerne."),
                messages.WARNING,
            )  # fmt: skip
        elif untold:
            self.message_user(
                request,
                gettext("Kommunerne får besked pr. e-mail, undtagen %(names)s, som ingen har at "
                        "sende til: tilføj en kontaktperson i kommunen.")
                % {"names": ", ".join(m.name for m in untold)},
                messages.WARNING,
            )  # fmt: skip
        else:
            self.message_user(request, gettext("Alle kommuner får besked pr. e-mail."))


@admin.register(MunicipalityContact)
class MunicipalityContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "municipality")
    list_filter = ("municipality",)
