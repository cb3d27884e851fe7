"""The secretariat's person search, as a page and as a CSV export."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from compliance.person_search import person_search
from meetings.rules import is_secretariat
from meetings.text import SafeCsvWriter


def person_search_view(request):
    if not is_secretariat(request.user):
        raise Http404
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    places = person_search(query) if query else []
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="personsoegning.csv"'
        response["Cache-Control"] = "private, no-store"
        response.write("\ufeff")  # Excel reads the file as UTF-8 only with a byte order mark
        writer = SafeCsvWriter(response, delimiter=";")
        writer.writerow([_("Møde"), _("Hvor"), _("Punkt"), _("Del"), _("Lukket"), _("Uddrag")])
        for place in places:
            row = [place.meeting, place.where, place.item, place.part,
                   _("ja") if place.closed else _("nej"), place.context]  # fmt: skip
            writer.writerow(row)
        return response
    response = render(
        request,
        "compliance/person_search.html",
        {"title": _("Søg efter en person"), "query": query, "places": places},
    )
    response["Cache-Control"] = "private, no-store"
    return response
