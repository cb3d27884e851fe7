import nested_admin
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budgets.models import DistributionKey, KeyBasis, KeyDerived, KeyParticipant, KeyValue


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
