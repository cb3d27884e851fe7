"""The secretariat's person search, as a page and as a CSV export."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from meetings.rules import is_secretariat
from compliance.person_search import person_search


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
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("Møde"), _("Hvor"), _("Punkt"), _("Del"), _("Lukket"), _("Uddrag")])
        for place in places:
            row = [place.meeting, place.where, place.item, place.part,
                   _("ja") if place.closed else _("nej"), place.context]  # fmt: skip
            writer.writerow([_cell(value) for value in row])
        return response
    response = render(
        request,
        "compliance/person_search.html",
        {"title": _("Søg efter en person"), "query": query, "places": places},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(value: str) -> str:
    # A cell that a spreadsheet would read as a formula is prefixed (OWASP CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
