"""The agenda-item picker of budget tables and result contracts shows each item's meeting and
date, so "approved under item" is chosen from the right meeting."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from meetings.attach import item_label
from meetings.models import AgendaItem

ITEM_PICKERS = ("approved_by", "adopted_by")


class ItemPickerMixin:
    """For a ModelAdmin with an autocomplete field to an agenda item."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ITEM_PICKERS and field is not None:
            field.label_from_instance = item_label
        return field


class PortalAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, AgendaItem):
            result["text"] = item_label(obj)
        return result
