"""Pages for the rules of procedure: members, appointments, the meeting plan, item proposals and
apologies for absence."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from meetings import procedure, reader_pages, services, visibility
from meetings.models import Appointment, Body, Meeting, Person
from meetings.rules import is_council_member, is_secretariat
from meetings.text import danish_sort_key

PLAN_YEARS = (1900, 2200)


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
    if not PLAN_YEARS[0] <= year <= PLAN_YEARS[1]:
        raise Http404
    body = _kkr()
    listed = visibility.planned_meetings_for(request.user).filter(body=body, start__year=year)
    plan = procedure.meeting_plan(visibility.with_facts(listed)) if body else []
    readable = set(visibility.meetings_for(request.user).values_list("pk", flat=True))
    for row in plan:
        row["readable"] = row["meeting"].pk in readable
        row["proposals_open"] = reader_pages.proposals_open(row["meeting"])
    ordinary = sum(1 for row in plan if row["meeting"].kind == Meeting.Kind.ORDINARY)
    # Links only to years the reader has meetings in, so following them ends.
    years = {
        moment.year
        for moment in visibility.planned_meetings_for(request.user).datetimes("start", "year")
    }
    return render(
        request,
        "meetings/meeting_plan.html",
        {"plan": plan, "year": year, "ordinary": ordinary, "body": body,
         "previous_year": max((y for y in years if y < year), default=None),
         "next_year": min((y for y in years if y > year), default=None)},
    )  # fmt: skip


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


def _back_to(meeting, user) -> str:
    """The meeting's page, or the year's plan while its agenda is not out."""
    if visibility.meetings_for(user).filter(pk=meeting.pk).exists():
        return meeting.get_absolute_url()
    return reverse("meetings:meeting_plan", args=[procedure.meeting_date(meeting).year])


def proposal_create(request, pk):
    person = _member_person(request)
    if person is None:
        return redirect_to_login(request.get_full_path())
    meeting = get_object_or_404(visibility.planned_meetings_for(request.user), pk=pk)
    deadline = procedure.proposal_deadline(meeting)
    if not reader_pages.proposals_open(meeting):
        # § 5 stk. 4: after the deadline the form is not offered at all, rather than refused
        # after the member has written it.
        return render(
            request,
            "meetings/proposal_closed.html",
            {"meeting": meeting, "deadline": deadline, "back": _back_to(meeting, request.user)},
        )
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(meeting=meeting, proposer=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dit forslag er sendt til formanden for KKR."))
            return redirect(_back_to(meeting, request.user))
    return render(
        request,
        "meetings/proposal_form.html",
        {
            "form": form,
            "meeting": meeting,
            "facts": visibility.facts(meeting),
            "deadline": deadline,
        },
    )


def absence_report(request, pk):
    """Apologies in two steps: the page asks, the member confirms (and may call the substitute)."""
    person = _member_person(request)
    if person is None:
        return redirect_to_login(request.get_full_path())
    meeting = get_object_or_404(visibility.planned_meetings_for(request.user), pk=pk)
    if request.method != "POST":
        membership = person.memberships.filter(body=meeting.body).select_related("substitute")
        found = membership.first()
        return render(
            request,
            "meetings/absence_confirm.html",
            {"meeting": meeting, "facts": visibility.facts(meeting),
             "substitute": found.substitute if found else None,
             "back": _back_to(meeting, request.user)},
        )  # fmt: skip
    try:
        services.absence_report(
            meeting=meeting, person=person, call_substitute=bool(request.POST.get("substitute"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dit afbud er registreret. Du kan fortryde det indtil mødet."))
    return redirect(_back_to(meeting, request.user))


@require_POST
def absence_withdraw(request, pk):
    person = _member_person(request)
    if person is None:
        return redirect_to_login(Meeting(pk=pk).get_absolute_url())
    meeting = get_object_or_404(visibility.planned_meetings_for(request.user), pk=pk)
    try:
        withdrawn = services.absence_withdraw(meeting=meeting, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if withdrawn:
            messages.success(request, _("Dit afbud er trukket tilbage; du er meldt til mødet."))
    return redirect(_back_to(meeting, request.user))
