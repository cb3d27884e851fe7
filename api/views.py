"""A read-only JSON API modelled on OParl 1.1 (Organization, Meeting, AgendaItem, File, Person,
Membership), with the portal's visibility rules: it reads through the same selectors as the pages."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from api.filters import MeetingFilter, YearFilter
from api.schema import openapi_document
from meetings import selectors, visibility
from meetings.models import Body, Membership, Person
from meetings.package import Annex, Item

OPARL = "https://schema.oparl.org/1.1/"
MAX_PAGE_SIZE = 100


def _abs(request, path):
    return request.build_absolute_uri(path)


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def _filter_error(filterset):
    return _error(400, "ugyldigt filter: " + "; ".join(filterset.errors))


def _paginate(request, items, serialise):
    try:
        size = min(max(int(request.GET.get("page_size", 20)), 1), MAX_PAGE_SIZE)
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return _error(400, "page og page_size skal være hele tal")
    paginator = Paginator(items, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        page = None
    data = [serialise(item) for item in page] if page else []
    links = {}
    if page and page.has_next():
        links["next"] = _page_link(request, page.next_page_number(), size)
    if page and page.has_previous():
        links["prev"] = _page_link(request, page.previous_page_number(), size)
    return JsonResponse(
        {
            "data": data,
            "pagination": {
                "totalElements": paginator.count,
                "elementsPerPage": size,
                "currentPage": number,
                "totalPages": paginator.num_pages,
            },
            "links": links,
        }
    )


def _page_link(request, number, size):
    """The same query (filters included) on another page."""
    query = request.GET.copy()
    query["page"], query["page_size"] = number, size
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@require_GET
def system(request):
    return JsonResponse(
        {
            "id": _abs(request, reverse("api:system")),
            "type": OPARL + "System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "name": "KKR Portal – KKR Nordjylland",
            "body": _abs(request, reverse("api:organizations")),
            "meeting": _abs(request, reverse("api:meetings")),
            "person": _abs(request, reverse("api:persons")),
            "openapi": _abs(request, reverse("api:openapi")),
        }
    )


def _organization(request, body):
    return {
        "id": _abs(request, reverse("api:organizations") + f"#{body.slug}"),
        "type": OPARL + "Organization",
        "name": body.name,
        "shortName": body.slug,
        "meeting": _abs(request, reverse("api:meetings") + f"?body={body.slug}"),
    }


@require_GET
def organizations(request):
    return _paginate(request, Body.objects.order_by("name"), lambda b: _organization(request, b))


def _meeting_summary(request, meeting, facts: visibility.MeetingFacts, version_number: int):
    return {
        "id": _abs(request, reverse("api:meeting", args=[meeting.pk])),
        "type": OPARL + "Meeting",
        "name": facts.title,
        "start": timezone.localtime(facts.start).isoformat(),
        "location": facts.location,
        "cancelled": facts.cancelled,
        "organization": meeting.body.slug,
        "version": version_number,
        "web": _abs(request, meeting.get_absolute_url()),
    }


def _deleted(request, meeting_id: int) -> dict:
    """A meeting that has left the public site, as OParl marks a deleted object."""
    return {
        "id": _abs(request, reverse("api:meeting", args=[meeting_id])),
        "type": OPARL + "Meeting",
        "deleted": True,
    }


def _retired_for(user) -> set[int]:
    if visibility.audience_of(user).sees_closed:
        return set()
    return set(visibility.retired_from_public().values_list("pk", flat=True))


@require_GET
def meetings(request):
    # The API serves published, not withdrawn versions only, for every role; a package that has
    # left the public site is listed as deleted for the public.
    queryset = visibility.published_meetings().order_by("-start")
    meeting_filter = MeetingFilter(request.GET, queryset=queryset)
    if not meeting_filter.is_valid():
        return _filter_error(meeting_filter)
    retired = _retired_for(request.user)
    return _paginate(
        request,
        meeting_filter.qs,
        lambda m: (
            _deleted(request, m.pk)
            if m.pk in retired
            else _meeting_summary(request, m, visibility.facts(m), m.latest_version)
        ),
    )


def _file(request, pk, annex: Annex) -> dict:
    """An annex as an OParl File; a closed annex is named by its number only, without a link."""
    return {
        "id": annex.uid,
        "type": OPARL + "File",
        "name": f"Bilag {annex.number}" + (f": {annex.title}" if annex.visible else ""),
        "mimeType": "application/pdf",
        "size": annex.size if annex.visible else None,
        "pages": annex.page_count if annex.visible else None,
        "accessUrl": _abs(request, reverse("meetings:annex_download", args=[pk, annex.uid]))
        if annex.visible
        else None,
    }


def _agenda_item(request, pk, item: Item) -> dict:
    return {
        "type": OPARL + "AgendaItem",
        "number": item.number,
        "name": item.title,
        "public": not item.closed,
        "text": {name: text for name, text in (item.texts or {}).items() if text},
        "auxiliaryFile": [_file(request, pk, annex) for annex in item.annexes],
    }


@require_GET
def meeting(request, pk):
    try:
        package = selectors.reader_package(meeting_id=pk, user=request.user)
    except Http404:
        if pk in _retired_for(request.user):
            return JsonResponse(_deleted(request, pk))
        return _error(404, "mødet findes ikke")
    if package.version is None or package.withdrawn:
        return _error(404, "mødet er ikke offentliggjort")
    items = [_agenda_item(request, pk, item) for item in package.typed.items()]
    documents = [
        {
            "type": OPARL + "File",
            "name": f"{d.get_kind_display()} ({d.variant})",
            "mimeType": "application/pdf",
            "size": d.size,
            "pages": d.page_count,
            "accessUrl": _abs(request, reverse("meetings:document_download", args=[pk, d.slug])),
        }
        for d in selectors.documents_for(package, user=request.user)
    ]
    summary = _meeting_summary(request, package.meeting, package.facts, package.version.number)
    response = JsonResponse({**summary, "agendaItem": items, "file": documents})
    if visibility.holds_closed_content(request.user):
        patch_cache_control(response, private=True)
    return response


@require_GET
def persons(request):
    people = Person.objects.filter(memberships__isnull=False).distinct().order_by("name")
    memberships = {}
    for m in Membership.objects.select_related("body", "municipality", "substitute"):
        memberships.setdefault(m.person_id, []).append(
            {
                "type": OPARL + "Membership",
                "organization": m.body.slug,
                "role": m.get_role_display(),
                "municipality": m.municipality.name if m.municipality else None,
                "party": m.party,
                "substitute": m.substitute.name if m.substitute else None,
                "startDate": m.start.isoformat(),
                "endDate": m.end.isoformat() if m.end else None,
            }
        )
    return _paginate(
        request,
        people,
        lambda p: {
            "type": OPARL + "Person",
            "name": p.name,
            "party": p.party,
            "membership": memberships.get(p.pk, []),
        },
    )


@require_GET
def contracts(request):
    from agreements.selectors import contracts_for

    contract_filter = YearFilter(request.GET, queryset=contracts_for(request.user))
    if not contract_filter.is_valid():
        return _filter_error(contract_filter)
    return _paginate(
        request,
        contract_filter.qs,
        lambda c: {
            "year": c.year,
            "status": c.status,
            "versionLabel": c.version_label,
            "basicGrant": str(c.basic_grant),
            "web": _abs(request, c.get_absolute_url()),
        },
    )


@require_GET
def budgets(request):
    from budgets.selectors import tables_for

    table_filter = YearFilter(
        request.GET, queryset=tables_for(request.user).order_by("-year", "pk")
    )
    if not table_filter.is_valid():
        return _filter_error(table_filter)
    return _paginate(
        request,
        table_filter.qs,
        lambda t: {
            "title": t.title,
            "secretariat": t.secretariat.name,
            "year": t.year,
            "web": _abs(request, t.get_absolute_url()),
            "csv": _abs(request, reverse("budgets:table_csv", args=[t.pk])),
        },
    )


@require_GET
def openapi(request):
    return JsonResponse(openapi_document(request.build_absolute_uri(reverse("api:system"))))
