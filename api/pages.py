"""The API's answers: errors, and OParl object lists with `data`, `pagination` and `links`."""

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.utils.cache import patch_cache_control

from meetings import visibility

MAX_PAGE_SIZE = 100


def error(status, message):
    return JsonResponse({"error": message}, status=status)


def filter_error(filterset):
    return error(400, "ugyldigt filter: " + "; ".join(filterset.errors))


def _page_link(request, number, size):
    """The same query (filters included) on another page."""
    query = request.GET.copy()
    query["page"], query["page_size"] = number, size
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request, items, serialise, *, private=False):
    """An OParl object list: `data`, `pagination` and `links` (next on every page but the last)."""
    try:
        size = min(max(int(request.GET.get("page_size", 20)), 1), MAX_PAGE_SIZE)
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return error(400, "page og page_size skal være hele tal")
    paginator = Paginator(items, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        page = None
    links = {
        "first": _page_link(request, 1, size),
        "self": _page_link(request, number, size),
        "last": _page_link(request, paginator.num_pages, size),
    }
    if page and page.has_next():
        links["next"] = _page_link(request, page.next_page_number(), size)
    if page and page.has_previous():
        links["prev"] = _page_link(request, page.previous_page_number(), size)
    pagination = {
        "totalElements": paginator.count,
        "elementsPerPage": size,
        "currentPage": number,
        "totalPages": paginator.num_pages,
    }
    data = [serialise(item) for item in page] if page else []
    response = JsonResponse({"data": data, "pagination": pagination, "links": links})
    return private(response, request) if private else response


def private(response, request):
    if visibility.holds_closed_content(request.user):
        patch_cache_control(response, private=True)
    return response


def filtered(request, filter_class, queryset, serialise, **options):
    filterset = filter_class(request.GET, queryset=queryset)
    if not filterset.is_valid():
        return filter_error(filterset)
    return paginate(request, filterset.qs, serialise, **options)
