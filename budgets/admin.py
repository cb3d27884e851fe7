import nested_admin
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
from meetings.admin.amounts import DanishAmountsMixin


class ValueInline(nested_admin.NestedTabularInline):
    model = KeyValue
    extra = 0


class ParticipantInline(nested_admin.NestedTabularInline):
    model = KeyParticipant
    extra = 0
    sortable_field_name = "position"
    inlines = [ValueInline]


class BasisInline(nested_admin.NestedTabularInline):
    model = KeyBasis
    extra = 0


class DerivedInline(nested_admin.NestedTabularInline):
    model = KeyDerived
    extra = 0


@admin.register(DistributionKey)
class DistributionKeyAdmin(SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["name", "total", "rounding", "status"]
    list_filter = ["status", "rounding"]
    search_fields = ["name"]
    inlines = [BasisInline, ParticipantInline, DerivedInline]


class AmountInline(DanishAmountsMixin, nested_admin.NestedTabularInline):
    model = Amount
    extra = 0


class LineInline(nested_admin.NestedStackedInline):
    model = Line
    extra = 0
    sortable_field_name = "position"
    inlines = [AmountInline]


class PeriodInline(nested_admin.NestedTabularInline):
    model = Period
    extra = 0
    sortable_field_name = "position"


class FootnoteInline(nested_admin.NestedTabularInline):
    model = Footnote
    extra = 0


@admin.register(BudgetTable)
class BudgetTableAdmin(SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["title", "secretariat", "year", "status"]
    list_filter = ["status", "secretariat", "year"]
    search_fields = ["title"]
    inlines = [PeriodInline, LineInline, FootnoteInline]
    readonly_fields = ["warnings"]
    autocomplete_fields = ["approved_by"]
    actions = ["attach"]

    @admin.display(description=_("tjek før godkendelse"))
    def warnings(self, obj):
        if obj.pk is None:
            return "–"
        return "; ".join(w.message for w in table_warnings(obj)) or _("Ingen bemærkninger.")

    @admin.action(description=_("Vedhæft som PDF-bilag til punktet"))
    def attach(self, request, queryset):
        for table in queryset:
            if table.approved_by is None:
                self.message_user(
                    request, _("%(t)s: vælg først punktet.") % {"t": table}, messages.ERROR
                )
                continue
            annex = table_attach_to_item(table=table, item=table.approved_by)
            self.message_user(request, _("Vedhæftet som %(a)s.") % {"a": annex})


admin.site.register(Secretariat)
