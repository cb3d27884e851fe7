"""The search itself: PostgreSQL full-text search in Danish, exactly within what a user may read."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from meetings.rules import can_view_closed
from search.models import Entry

START, STOP = "\x02", "\x03"


def audiences_for(user) -> list[str]:
    return ["public", "members"] if can_view_closed(user) else ["public"]


def entries_for(user):
    entries = Entry.objects.filter(audience__in=audiences_for(user))
    if can_view_closed(user):
        entries = entries.exclude(superseded_for_members=True)
    return entries


def search(queryset, q: str):
    """Ranked matches with a highlighted snippet; on SQLite a plain substring match."""
    q = " ".join(q.split())[:200]
    if not q:
        return queryset.none()
    if connection.vendor != "postgresql":
        return queryset.filter(Q(title__icontains=q) | Q(text__icontains=q)).order_by("-date")
    query = SearchQuery(q, config="danish", search_type="websearch")
    return (
        queryset.filter(document=query)
        .annotate(
            rank=SearchRank(F("document"), query),
            snippet=SearchHeadline(
                "text",
                query,
                config="danish",
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-date", "pk")
    )


def snippet_html(snippet: str | None) -> str:
    """Escape the text, then mark the hits: nothing from the content becomes markup."""
    if not snippet:
        return ""
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))
