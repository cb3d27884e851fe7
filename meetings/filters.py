import django_filters
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from meetings.models import Body, Meeting


def _year_choices(meetings):
    years = (
        meetings.annotate(year=ExtractYear("start"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [(str(year), str(year)) for year in years]


class MeetingFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("År"),
        field_name="start",
        lookup_expr="year",
        choices=[],
        empty_label=_("Alle år"),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Organ"),
        queryset=Body.objects.all(),
        field_name="body",
        to_field_name="slug",
        empty_label=_("Alle organer"),
    )

    class Meta:
        model = Meeting
        fields = ["year", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the reader's own meetings have: no year of drafts only.
        self.filters["year"].extra["choices"] = _year_choices(self.queryset)
        self.filters["body"].queryset = Body.objects.filter(pk__in=self.queryset.values("body_id"))


class MeetingApiFilter(django_filters.FilterSet):
    """The same filters for the API, where an unknown year or body is an empty result, not an
    error."""

    year = django_filters.NumberFilter(field_name="start", lookup_expr="year")
    body = django_filters.CharFilter(field_name="body__slug")

    class Meta:
        model = Meeting
        fields = ["year", "body"]
