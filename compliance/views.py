"""The secretariat's person search, the accessibility statement and readers' requests for an
accessible annex."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from compliance import guard, selectors, services
from compliance.forms import AccessibleCopyRequestForm, DismissalForm
from compliance.person_search import person_search
from meetings import checklist
from meetings.models import Annex, Meeting
from meetings.rules import is_secretariat
from meetings.selectors import annex_of, reader_package
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


def accessibility_statement(request):
    total, inaccessible = selectors.public_annex_report()
    return render(
        request,
        "compliance/accessibility_statement.html",
        {"statement": selectors.statement(), "total": total, "inaccessible": inaccessible},
    )


@require_http_methods(["GET", "POST"])
def accessible_copy_request(request, pk, annex_uid):
    package = reader_package(meeting_id=pk, user=request.user)
    item, annex = annex_of(package, str(annex_uid))
    if not annex.visible:
        raise Http404
    form = AccessibleCopyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = Annex.objects.filter(uid=annex_uid).first()
        if record is None:
            raise Http404  # the annex left the draft; the request cannot be routed
        services.accessible_copy_request(annex=record, **form.cleaned_data)
        messages.success(
            request, _("Tak. Sekretariatet har fået din anmodning om en tilgængelig udgave.")
        )
        return redirect(package.meeting.get_absolute_url())
    return render(
        request,
        "compliance/accessible_copy_request.html",
        {"form": form, "package": package, "item": item, "annex": annex},
    )


@require_http_methods(["GET", "POST"])
def personal_data_dismiss(request, pk):
    """Mark one finding of the guard as not personal data, with a reason that is kept."""
    if not is_secretariat(request.user):
        raise Http404
    meeting = Meeting.objects.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    what = checklist.MINUTES if request.GET.get("hvad") == checklist.MINUTES else checklist.AGENDA
    fingerprint = request.GET.get("fund", "")
    context = checklist.context_for(meeting=meeting, what=what)
    found = next((f for f in guard.meeting_findings(context) if f.fingerprint == fingerprint), None)
    if found is None:
        messages.info(request, _("Fundet findes ikke længere i dagsordenen."))
        return redirect(_checklist_url(meeting, what))
    form = DismissalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.personal_data_dismiss(
            meeting=meeting, found=found, user=request.user, reason=form.cleaned_data["reason"]
        )
        return redirect(_checklist_url(meeting, what))
    return render(
        request,
        "compliance/personal_data_dismiss.html",
        {"title": _("Ikke en personoplysning"), "meeting": meeting, "found": found, "form": form,
         "back": _checklist_url(meeting, what)},
    )  # fmt: skip


def _checklist_url(meeting, what) -> str:
    return reverse("admin:meetings_meeting_publish", args=[meeting.pk]) + f"?what={what}"
