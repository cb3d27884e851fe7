import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Body
from search.models import Entry

NEWEST = "nyeste"


class EntryFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("År"), empty_label=_("Alle"))
    body = django_filters.ModelChoiceFilter(
        label=_("Organ"), queryset=Body.objects.all(), to_field_name="slug", empty_label=_("Alle")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Entry.Kind.choices, empty_label=_("Alle")
    )
    # One meeting's package (the meeting page's search box): a hidden field, shown as the
    # meeting's name when the reader may find anything in it (search/views.py).
    meeting = django_filters.NumberFilter(
        field_name="meeting", widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1,
        decimal_places=0,
    )  # fmt: skip
    # Not a filter: the order of the results (selectors.search), best match unless newest.
    order = django_filters.ChoiceFilter(
        label=_("Sortering"),
        choices=[(NEWEST, _("Nyeste først"))],
        empty_label=_("Bedste match"),
        method=lambda queryset, _name, _value: queryset,
    )

    class Meta:
        model = Entry
        fields = ["year", "body", "kind", "meeting"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        # Only years and types this reader can find: no choice that can only give nothing.
        found = self.queryset.order_by()
        years = sorted(set(found.values_list("year", flat=True).distinct()) - {None}, reverse=True)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]
        kinds = set(found.values_list("kind", flat=True).distinct())
        self.filters["kind"].extra["choices"] = [c for c in Entry.Kind.choices if c[0] in kinds]

    @property
    def newest_first(self) -> bool:
        return self.is_valid() and self.form.cleaned_data.get("order") == NEWEST
