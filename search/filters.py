import django_filters
from django.utils.translation import gettext_lazy as _

from meetings.models import Body
from search.models import Entry


class EntryFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("År"))
    body = django_filters.ModelChoiceFilter(
        label=_("Organ"), queryset=Body.objects.all(), to_field_name="slug", empty_label=_("Alle")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Entry.Kind.choices, empty_label=_("Alle")
    )

    class Meta:
        model = Entry
        fields = ["year", "body", "kind"]
