"""Following the council from outside: an iCalendar feed of meetings and an Atom feed of
published packages and minutes. Both are public addresses, so both show what meetings/visibility.py gives the public."""

import copy
import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from meetings import visibility
from meetings.models import Body
from meetings.templatetags.portal import change_text

CALENDAR_HOST = "kkr-portal"


def _published():
    # Feeds and calendars are the same for everyone: what the public may read.
    return visibility.meetings_for(None)


def _calendar(request, meetings, name) -> HttpResponse:
    from icalendar import Calendar, Event, vText
    from icalendar.cal import Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//KKR Nordjylland//KKR Portal//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    calendar.add_component(Timezone.from_tzid("Europe/Copenhagen"))
    for meeting in visibility.with_facts(meetings):
        # What the newest published version says; a draft move or cancellation waits for it.
        facts = meeting.facts
        start = timezone.localtime(facts.start)
        event = Event()
        # Stable across moves and renames: the meeting's own UUID.
        event.add("uid", f"{meeting.uid}@{CALENDAR_HOST}")
        event.add("summary", facts.title)
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(hours=3))
        event.add("dtstamp", timezone.now())
        event.add("last-modified", meeting.latest_published_at)
        event.add("sequence", meeting.latest_version)
        event.add("status", "CANCELLED" if facts.cancelled else "CONFIRMED")
        if facts.location:
            event["location"] = vText(facts.location)
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


def calendar_all(request):
    return _calendar(request, _published().order_by("start"), "KKR Portal – møder")


def calendar_body(request, slug):
    body = get_object_or_404(Body, slug=slug)
    return _calendar(request, _published().filter(body=body).order_by("start"), body.name)


class RequestFeed(Feed):
    """An Atom feed whose links are absolute for the host it was asked on."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request: links are made absolute on a copy that knows
        # this request's host, so entry and document links work in any feed reader.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def _absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)


class PackageFeed(RequestFeed):
    title = "KKR Nordjylland – dagsordener og referater"
    subtitle = "Offentliggjorte mødepakker og referater fra KKR Portal"

    def link(self):
        return reverse("meetings:meeting_list")

    def items(self):
        return (
            visibility.readable_versions()
            .filter(meeting__in=visibility.meetings_for(None).values("pk"))
            .select_related("meeting__body")
            .prefetch_related("documents")
            .order_by("-published_at")[:50]
        )

    def item_title(self, version):
        kind = "Referat" if version.includes_decisions else "Dagsorden"
        facts = visibility.frozen_facts(version)
        start = timezone.localtime(facts.start)
        return f"{kind}: {facts.title} {start:%d.%m.%Y} (version {version.number})"

    def item_link(self, version):
        return self._absolute(
            reverse("meetings:meeting_version", args=[version.meeting_id, version.number])
        )

    def item_guid(self, version):
        return f"urn:uuid:{version.meeting.uid}:v{version.number}"

    item_guid_is_permalink = False

    def item_updateddate(self, version):
        return version.published_at

    def item_pubdate(self, version):
        return version.published_at

    def item_description(self, version):
        # Titles are the secretariat's text: every piece is escaped before it becomes feed HTML.
        lines = [change_text(change) for change in version.changes]
        retired = visibility.retired_documents(version.meeting, visibility.Audience.PUBLIC)
        documents = [
            format_html(
                '<a href="{}">{} (PDF)</a>',
                self._absolute(
                    reverse(
                        "meetings:document_version_download",
                        args=[version.meeting_id, version.number, d.slug],
                    )
                ),
                d.get_kind_display(),
            )
            for d in version.documents.all()
            if d.variant in visibility.document_variants_for(None) and d.kind not in retired
        ]
        parts = []
        if lines:
            parts.append(format_html("<p>Ændringer: {}</p>", " ".join(lines)))
        if documents:
            parts.append(
                format_html("<p>{}</p>", format_html_join(" · ", "{}", ((d,) for d in documents)))
            )
        return "".join(parts) or "<p>Mødepakken er offentliggjort.</p>"
