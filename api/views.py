"""The read-only API: OParl 1.1 (System, Body, Organization, Meeting, AgendaItem, File, Location,
Person, Membership, Consultation, Paper), plus result contracts and budget tables. It reads
through the same selectors as the pages, so one URL answers each login with what it may read
(OParl is made for public data; the members' view of the same URL is this portal's extension)."""

from django.db.models import Case, Exists, Max, Min, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Greatest
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from agreements.selectors import contracts_for
from api import oparl, pages
from api.filters import ConsultationFilter, ListingFilter, TimestampFilter, YearFilter
from api.schema import openapi_document
from budgets.selectors import tables_for
from meetings.models import Body, Membership, Municipality, Person
from municipalities import selectors as followup


@require_GET
def system(request):
    return JsonResponse(oparl.system(oparl.Urls(request)))


def _kkr():
    """The OParl Body is KKR Nordjylland's own row, which gives it its times."""
    return Body.objects.filter(slug=oparl.BODY_SLUG)


@require_GET
def bodies(request):
    urls = oparl.Urls(request)
    return pages.filtered(request, TimestampFilter, _kkr(), lambda row: oparl.body(urls, row))


@require_GET
def body(request, slug):
    row = _kkr().filter(slug=slug).first()
    if row is None:
        return pages.error(404, "organet findes ikke")
    return JsonResponse(oparl.body(oparl.Urls(request), row))


def _last_membership_change(owner: str) -> Subquery:
    """When a row's memberships last changed (added, changed or removed: their history)."""
    last = Membership.history.filter(**{owner: OuterRef("pk")}).order_by("-history_date")
    return Subquery(last.values("history_date")[:1])


def _with_last_change(queryset, owner: str):
    """Rows annotated with `changed`: their own last change or, if later, the last change of
    the memberships they list, as OParl has a change of an embedded object change the object."""
    membership_change = _last_membership_change(owner)
    return queryset.annotate(changed=Greatest("updated", Coalesce(membership_change, "updated")))


def _bodies():
    return _with_last_change(Body.objects.all(), "body_id")


def _organizations(bodies, councils) -> list:
    """The portal's bodies, then the municipal councils in Danish alphabetical order."""
    return list(bodies.order_by("name")) + Municipality.sorted_danish(councils)


def _organization(urls, row, memberships):
    if isinstance(row, Municipality):
        return oparl.council(urls, row)
    return oparl.organization(urls, row, memberships.get(row.pk, []))


def _memberships_by_body() -> dict[int, list[int]]:
    found = {}
    for pk, body_id in Membership.objects.order_by("pk").values_list("pk", "body_id"):
        found.setdefault(body_id, []).append(pk)
    return found


@require_GET
def organizations(request):
    bodies = ListingFilter(request.GET, queryset=_bodies())
    councils = TimestampFilter(request.GET, queryset=Municipality.objects.all())
    if not bodies.is_valid() or not councils.is_valid():
        return pages.filter_error(bodies)
    urls, memberships = oparl.Urls(request), _memberships_by_body()
    return pages.paginate(
        request,
        _organizations(bodies.qs, councils.qs),
        lambda row: _organization(urls, row, memberships),
    )


@require_GET
def organization(request, slug):
    urls = oparl.Urls(request)
    code = slug.removeprefix(oparl.MUNICIPALITY_PREFIX)
    if slug.startswith(oparl.MUNICIPALITY_PREFIX) and code.isdigit():
        row = Municipality.objects.filter(code=int(code)).first()
    else:
        row = _bodies().filter(slug=slug).first()
    if row is None:
        return pages.error(404, "organet findes ikke")
    return JsonResponse(_organization(urls, row, _memberships_by_body()))


def _people():
    """Everyone who is or was a member: one whose memberships are all removed is a deleted
    Person (`member` false) and was modified when the last one was removed, however the row
    changed since (OParl 1.1: a deleted object's `modified` is its deletion)."""
    people = Person.objects.annotate(
        member=Exists(Membership.objects.filter(person=OuterRef("pk"))),
        membership_changed=_last_membership_change("person_id"),
    ).filter(Q(member=True) | Q(membership_changed__isnull=False))
    return people.annotate(
        changed=Case(
            When(member=False, then="membership_changed"),
            default=Greatest("updated", Coalesce("membership_changed", "updated")),
        )
    ).order_by("name", "pk")


def _person(urls, row, memberships):
    if not row.member:
        return oparl.deleted(
            urls("person", row.pk), "Person", created=row.created, modified=row.changed
        )
    return oparl.person(urls, row, memberships.get(row.pk, []))


def _memberships_of(people) -> dict[int, list[Membership]]:
    found = {}
    rows = Membership.objects.filter(person__in=people).select_related("body", "municipality")
    for row in rows.order_by("start", "pk"):
        found.setdefault(row.person_id, []).append(row)
    return found


def _removed_people():
    """People whose row was deleted (their memberships went with it), from the history of those
    memberships: created when the first was recorded, modified (`changed`) when the last went.
    The same time filters apply as to the rows, on these aggregates."""
    return (
        Membership.history.exclude(person_id__in=Person.objects.values("pk"))
        .values("person_id")
        .annotate(created=Min("history_date"), changed=Max("history_date"))
        .order_by("person_id")
    )


def _removed_person(urls, seen):
    pk = seen["person_id"]
    return oparl.deleted(
        urls("person", pk), "Person", created=seen["created"], modified=seen["changed"]
    )


@require_GET
def persons(request):
    """The rows by name, then those deleted outright: a client that asks what changed since it
    last looked learns that they went (OParl 1.1, "Gelöschte Objekte")."""
    urls = oparl.Urls(request)
    people = ListingFilter(request.GET, queryset=_people())
    removed = ListingFilter(request.GET, queryset=_removed_people())
    if not people.is_valid():
        return pages.filter_error(people)
    memberships = _memberships_of(people.qs)
    return pages.paginate(
        request,
        [*people.qs, *removed.qs],
        lambda row: (
            _removed_person(urls, row) if isinstance(row, dict) else _person(urls, row, memberships)
        ),
    )


@require_GET
def person(request, pk):
    urls = oparl.Urls(request)
    row = _people().filter(pk=pk).first()
    if row is not None:
        return JsonResponse(_person(urls, row, _memberships_of([row])))
    # A row still there with no history was never a member.
    removed = _removed_people().filter(person_id=pk).first()
    if removed is None:
        return pages.error(404, "personen findes ikke")
    return JsonResponse(_removed_person(urls, removed))


def _removed_membership(urls, pk):
    """A membership that was removed, from its history (None if it never existed): created
    when first recorded, modified when removed."""
    history = list(
        Membership.history.filter(id=pk)
        .order_by("history_date")
        .values_list("history_date", "history_type")
    )
    if not history or history[-1][1] != "-":
        return None
    return oparl.deleted(
        urls("membership", pk), "Membership", created=history[0][0], modified=history[-1][0]
    )


@require_GET
def membership(request, pk):
    urls = oparl.Urls(request)
    row = Membership.objects.select_related("body", "municipality").filter(pk=pk).first()
    if row is not None:
        return JsonResponse(oparl.membership(urls, row))
    removed = _removed_membership(urls, pk)
    if removed is None:
        return pages.error(404, "medlemskabet findes ikke")
    return JsonResponse(removed)


@require_GET
def consultations(request):
    urls = oparl.Urls(request)
    rows = followup.consultations(user=request.user).select_related("referral__item__section")
    return pages.filtered(
        request, ConsultationFilter, rows, lambda row: oparl.consultation(urls, row)
    )


@require_GET
def consultation(request, pk):
    rows = followup.consultations(user=request.user).select_related("referral__item__section")
    row = rows.filter(pk=pk).first()
    if row is None:
        return pages.error(404, "behandlingen findes ikke")
    return JsonResponse(oparl.consultation(oparl.Urls(request), row))


@require_GET
def papers(request):
    """KKR has no papers (Drucksachen) of its own: its cases are agenda items. The list is empty
    but takes the time filters as every list does (the empty queryset's model is immaterial)."""
    return pages.filtered(request, TimestampFilter, Body.objects.none(), lambda row: row)


def _year_list(request, queryset, serialise):
    """Contracts and budget tables (extensions, not OParl), filtered by year."""
    return pages.filtered(request, YearFilter, queryset, serialise)


@require_GET
def contracts(request):
    return _year_list(
        request,
        contracts_for(request.user),
        lambda c: {
            "year": c.year,
            "status": c.status,
            "versionLabel": c.version_label,
            "basicGrant": str(c.basic_grant),
            "web": request.build_absolute_uri(c.get_absolute_url()),
        },
    )


@require_GET
def budgets(request):
    return _year_list(
        request,
        tables_for(request.user).order_by("-year", "pk"),
        lambda t: {
            "title": t.title,
            "secretariat": t.secretariat.name,
            "year": t.year,
            "web": request.build_absolute_uri(t.get_absolute_url()),
            "csv": request.build_absolute_uri(reverse("budgets:table_csv", args=[t.pk])),
        },
    )


@require_GET
def openapi(request):
    return JsonResponse(openapi_document(oparl.Urls(request)("system")))
