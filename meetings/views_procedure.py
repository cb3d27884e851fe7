"""Pages for the rules of procedure: members, appointments, the meeting plan, item proposals and
apologies for absence."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from meetings import procedure, services, visibility
from meetings.models import Appointment, Body, Meeting, Person
from meetings.rules import is_council_member, is_secretariat
from meetings.text import danish_sort_key


def _kkr():
    return Body.objects.order_by("pk").first()


def members_list(request):
    body = _kkr()
    today = timezone.localdate()
    seats = procedure.seats(body, today) if body else []
    seats.sort(key=lambda seat: (seat.membership.role != "chair", seat.membership.role != "vice_chair",
                                 danish_sort_key(seat.membership.person.name)))  # fmt: skip
    return render(request, "meetings/members.html", {"body": body, "seats": seats, "today": today})


def appointments_list(request):
    today = timezone.localdate()
    current = (
        Appointment.objects.filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)
        .select_related("person", "municipality", "substitute")
        .order_by("organisation", "seat", "person__name")
    )
    expiring = None
    if is_secretariat(request.user):
        expiring = [a for a in current if a.end and a.end <= today + datetime.timedelta(days=90)]
    return render(
        request,
        "meetings/appointments.html",
        {"appointments": current, "expiring": expiring, "today": today},
    )


def meeting_plan(request, year):
    body = _kkr()
    plan = procedure.meeting_plan(body, year) if body else []
    listed = set(visibility.planned_meetings_for(request.user).values_list("pk", flat=True))
    readable = set(visibility.meetings_for(request.user).values_list("pk", flat=True))
    plan = [dict(row, readable=row["meeting"].pk in readable) for row in plan]
    plan = [row for row in plan if row["meeting"].pk in listed]
    ordinary = sum(1 for row in plan if row["meeting"].kind == Meeting.Kind.ORDINARY)
    return render(
        request,
        "meetings/meeting_plan.html",
        {"plan": plan, "year": year, "ordinary": ordinary, "body": body},
    )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Titel på punktet"), max_length=300)
    text = forms.CharField(
        label=_("Forslag og begrundelse"), widget=forms.Textarea(attrs={"rows": 8})
    )


def _member_person(request):
    """The council member's own person record; anyone else may not act as a member."""
    if not request.user.is_authenticated:
        return None
    if not is_council_member(request.user):
        raise PermissionDenied
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise PermissionDenied
    return person


def proposal_create(request, pk):
    person = _member_person(request)
    if person is None:
        return redirect_to_login(request.get_full_path())
    meeting = get_object_or_404(visibility.planned_meetings_for(request.user), pk=pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(meeting=meeting, proposer=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dit forslag er sendt til sekretariatet."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/proposal_form.html",
        {"form": form, "meeting": meeting, "deadline": procedure.proposal_deadline(meeting)},
    )


@require_POST
def absence_report(request, pk):
    person = _member_person(request)
    if person is None:
        return redirect_to_login(Meeting(pk=pk).get_absolute_url())
    meeting = get_object_or_404(visibility.planned_meetings_for(request.user), pk=pk)
    try:
        services.absence_report(
            meeting=meeting, person=person, call_substitute=bool(request.POST.get("substitute"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dit afbud er registreret."))
    return redirect(meeting.get_absolute_url())
