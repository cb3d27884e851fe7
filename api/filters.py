"""The API's filters. Unlike the HTML lists, an unknown year or body is an empty page, not an
error, and the bounds match the OpenAPI schema, so a schema-valid request is never refused.
OParl's `created_since`, `created_until`, `modified_since` and `modified_until` filter every list
whose objects carry those times: each filter set names the fields that hold them."""

import datetime

import django_filters
from django.db.models import Q

from api.oparl import MUNICIPALITY_PREFIX, meeting_deleted_at

YEAR_MIN, YEAR_MAX = 1900, 2100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
TIMESTAMP_PARAMS = ("created_since", "created_until", "modified_since", "modified_until")


def _year(**kwargs):
    return django_filters.NumberFilter(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


def _in_utc(value: datetime.datetime) -> datetime.datetime:
    """A date-time in UTC: PostgreSQL refuses offsets beyond ±15:59, RFC 3339 allows ±23:59."""
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:  # an offset that moves year 1 or 9999 out of range
        edge = datetime.datetime.min if value.year == 1 else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


class TimestampFilter(django_filters.FilterSet):
    """OParl's four time filters, on the fields that hold the objects' `created` and
    `modified` (Timestamped rows by default)."""

    created_field = "created"
    modified_field = "updated"

    created_since = django_filters.IsoDateTimeFilter(method="by_moment")
    created_until = django_filters.IsoDateTimeFilter(method="by_moment")
    modified_since = django_filters.IsoDateTimeFilter(method="by_moment")
    modified_until = django_filters.IsoDateTimeFilter(method="by_moment")

    def by_moment(self, queryset, name, value):
        return queryset.filter(self.condition(name, _in_utc(value)))

    def condition(self, name: str, moment: datetime.datetime) -> Q:
        when, bound = name.split("_")
        field = self.created_field if when == "created" else self.modified_field
        lookup = "gte" if bound == "since" else "lte"
        return Q(**{f"{field}__{lookup}": moment})


class ListingFilter(TimestampFilter):
    """People and bodies: modified also when a membership they list changes (annotated)."""

    modified_field = "changed"


class MeetingFilter(TimestampFilter):
    """A meeting is created when first published and modified when a new version is, or, if
    this login gets it as deleted, when it left the public site."""

    created_field = "first_published_at"
    modified_field = "latest_published_at"

    year = _year(field_name="start", lookup_expr="year")
    body = django_filters.CharFilter(field_name="body__slug")

    def __init__(self, *args, left_public=None, **kwargs):
        """`left_public`: the meetings this login gets as deleted (annotated as the list's)."""
        super().__init__(*args, **kwargs)
        self.left_public = left_public

    def condition(self, name: str, moment: datetime.datetime) -> Q:
        if not name.startswith("modified") or self.left_public is None:
            return super().condition(name, moment)
        # A deleted object's `modified` is when it was deleted (OParl 1.1, "Gelöschte Objekte"),
        # so a client that asks what changed since it last looked learns that it left.
        left = {m.pk: meeting_deleted_at(m) for m in self.left_public}
        since = name.endswith("since")
        found = [pk for pk, at in left.items() if (at >= moment if since else at <= moment)]
        return (super().condition(name, moment) & ~Q(pk__in=left)) | Q(pk__in=found)


class ConsultationFilter(TimestampFilter):
    """A council's row: created with the referral, modified when the row last changed. By
    council (`organization`) or by the referred agenda item (`agenda_item`, its number in the
    item's URL)."""

    created_field = "referral__created"

    organization = django_filters.CharFilter(method="by_council")
    agenda_item = django_filters.NumberFilter(
        field_name="referral__item_id", min_value=1, max_value=2147483647
    )

    def by_council(self, queryset, name, value):
        code = value.removeprefix(MUNICIPALITY_PREFIX)
        if not code.isdigit() or len(code) > 4:
            return queryset.none()
        return queryset.filter(municipality__code=int(code))


class YearFilter(django_filters.FilterSet):
    """Contracts and budget tables, by their year."""

    year = _year(field_name="year")
