import nested_admin
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from budgets import services
from budgets.models import (
    Amount,
    BudgetTable,
    DistributionKey,
    Footnote,
    KeyBasis,
    KeyDerived,
    KeyParticipant,
    KeyValue,
    Line,
    Period,
    Secretariat,
)
from budgets.services import table_attach_to_item
from budgets.tables import table_warnings
from kkr_portal.admin import nested_inline
from kkr_portal.transitions import admin_each, admin_transition
from meetings.admin.amounts import DanishAmountsMixin
from meetings.admin_pickers import ItemPickerMixin


class TransitionActions:
    """Approve, approve despite warnings, back to draft: the service's transition with its checks
    (the status itself is read-only)."""

    actions = ["approve", "approve_despite_warnings", "back_to_draft"]

    def _transition(self, request, queryset, to, **options):
        admin_transition(self, request, queryset, self.change_status, to, **options)

    @admin.action(description=_("Godkend"))
    def approve(self, request, queryset):
        self._transition(request, queryset, "approved")

    @admin.action(description=_("Godkend trods bemærkninger"))
    def approve_despite_warnings(self, request, queryset):
        self._transition(request, queryset, "approved", accept_warnings=True)

    @admin.action(description=_("Tilbage til kladde"))
    def back_to_draft(self, request, queryset):
        self._transition(request, queryset, "draft")


ValueInline = nested_inline(KeyValue)
ParticipantInline = nested_inline(KeyParticipant, sortable=True, inlines=[ValueInline])


@admin.register(DistributionKey)
class DistributionKeyAdmin(TransitionActions, SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["name", "total", "rounding", "status"]
    list_filter = ["status", "rounding"]
    search_fields = ["name"]
    readonly_fields = ["status"]
    inlines = [nested_inline(KeyBasis), ParticipantInline, nested_inline(KeyDerived)]

    @staticmethod
    def change_status(key, to, **options):
        return services.key_transition(key=key, to=to, **options)


AmountInline = nested_inline(Amount, mixins=[DanishAmountsMixin])


@admin.register(BudgetTable)
class BudgetTableAdmin(
    ItemPickerMixin, TransitionActions, SimpleHistoryAdmin, nested_admin.NestedModelAdmin
):
    list_display = ["title", "secretariat", "year", "status"]
    list_filter = ["status", "secretariat", "year"]
    search_fields = ["title"]
    inlines = [
        nested_inline(Period, sortable=True),
        nested_inline(Line, stacked=True, sortable=True, inlines=[AmountInline]),
        nested_inline(Footnote),
    ]
    readonly_fields = ["status", "warnings"]
    autocomplete_fields = ["approved_by"]
    actions = [*TransitionActions.actions, "attach"]

    @staticmethod
    def change_status(table, to, **options):
        return services.table_transition(table=table, to=to, **options)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The approved table's PDF follows it onto the item it is approved under.
        moved = "approved_by" in form.changed_data
        services.table_annex_sync(
            table=form.instance, previous_item_id=form.initial.get("approved_by") if moved else None
        )

    @admin.display(description=_("tjek før godkendelse"))
    def warnings(self, obj):
        if obj.pk is None:
            return "–"
        return "; ".join(w.message for w in table_warnings(obj)) or _("Ingen bemærkninger.")

    @admin.action(description=_("Vedhæft som PDF-bilag til punktet"))
    def attach(self, request, queryset):
        def act(table):
            if table.approved_by is None:
                raise ValidationError(_("vælg først punktet."))
            annex = table_attach_to_item(table=table, item=table.approved_by)
            return _("Vedhæftet som %(a)s.") % {"a": annex}

        admin_each(self, request, queryset, act)


admin.site.register(Secretariat)
