"""The API's filters. Unlike the HTML lists, an unknown year or body is an empty page, not an
error, and the bounds match the OpenAPI schema, so a schema-valid request is never refused."""

import django_filters

from meetings.models import Meeting

YEAR_MIN, YEAR_MAX = 1900, 2100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _year(**kwargs):
    return django_filters.NumberFilter(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class MeetingFilter(django_filters.FilterSet):
    year = _year(field_name="start", lookup_expr="year")
    body = django_filters.CharFilter(field_name="body__slug")

    class Meta:
        model = Meeting
        fields = ["year", "body"]


class YearFilter(django_filters.FilterSet):
    """Contracts and budget tables, by their year."""

    year = _year(field_name="year")
