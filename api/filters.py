"""The API's filters. Unlike the HTML lists, an unknown year or body is an empty page, not an
error, and the bounds match the OpenAPI schema, so a schema-valid request is never refused.
OParl's `created_since`, `created_until`, `modified_since` and `modified_until` filter the lists
whose objects carry those times (meetings and consultations)."""

import datetime

import django_filters

from meetings.models import Meeting
from municipalities.models import CouncilTreatment

YEAR_MIN, YEAR_MAX = 1900, 2100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
TIMESTAMP_PARAMS = ("created_since", "created_until", "modified_since", "modified_until")


def _year(**kwargs):
    return django_filters.NumberFilter(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class MomentFilter(django_filters.IsoDateTimeFilter):
    """A date-time in UTC: PostgreSQL refuses offsets beyond ±15:59, RFC 3339 allows ±23:59."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:  # an offset that moves year 1 or 9999 out of range
                edge = datetime.datetime.min if value.year == 1 else datetime.datetime.max
                value = edge.replace(tzinfo=datetime.UTC)
        return super().filter(qs, value)


def _since(field):
    return MomentFilter(field_name=field, lookup_expr="gte")


def _until(field):
    return MomentFilter(field_name=field, lookup_expr="lte")


class MeetingFilter(django_filters.FilterSet):
    """A meeting is created when first published and modified when a new version is."""

    year = _year(field_name="start", lookup_expr="year")
    body = django_filters.CharFilter(field_name="body__slug")
    created_since = _since("first_published_at")
    created_until = _until("first_published_at")
    modified_since = _since("latest_published_at")
    modified_until = _until("latest_published_at")

    class Meta:
        model = Meeting
        fields = ["year", "body"]


class ConsultationFilter(django_filters.FilterSet):
    """A council's row: created with the referral, modified when the row last changed."""

    organization = django_filters.CharFilter(method="by_council")
    created_since = _since("referral__created")
    created_until = _until("referral__created")
    modified_since = _since("updated")
    modified_until = _until("updated")

    class Meta:
        model = CouncilTreatment
        fields = []

    def by_council(self, queryset, name, value):
        from api.oparl import MUNICIPALITY_PREFIX

        code = value.removeprefix(MUNICIPALITY_PREFIX)
        if not code.isdigit() or len(code) > 4:
            return queryset.none()
        return queryset.filter(municipality__code=int(code))


class YearFilter(django_filters.FilterSet):
    """Contracts and budget tables, by their year."""

    year = _year(field_name="year")
