"""A municipality's calendar of its councils' deadlines for KKR decisions (iCalendar): one
all-day event per decision on its deadline and one on the council's meeting, with the state."""

import datetime

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from municipalities import selectors

CALENDAR_HOST = "kkr-portal"


def municipality_calendar_response(request, municipality) -> HttpResponse:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//KKR Nordjylland//KKR Portal//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{municipality.name} Kommune – sager fra KKR Nordjylland")
    now = timezone.now()
    for row in selectors.treatments_of_municipality(municipality, user=request.user):
        decision = selectors.published_decision(row.referral.item)
        if decision is None:
            continue
        url = request.build_absolute_uri(
            reverse("municipalities:followup_detail", args=[row.referral_id])
        )
        title = f"{decision.number} {decision.title}"
        days = [("frist", row.referral.deadline, f"Frist: {title} ({row.get_status_display()})")]
        if row.agenda_date:
            days.append(("kb", row.agenda_date, f"I kommunalbestyrelsen: {title}"))
        for kind, day, summary in days:
            event = Event()
            event.add("uid", f"treatment-{row.pk}-{kind}@{CALENDAR_HOST}")
            event.add("summary", summary)
            event.add("dtstart", day)
            event.add("dtend", day + datetime.timedelta(days=1))
            event.add("dtstamp", now)
            event.add("last-modified", row.updated)
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="kkr-{municipality.code}.ics"'
    return response
