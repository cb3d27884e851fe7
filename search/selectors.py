"""The search itself: PostgreSQL full-text search in Danish, exactly within what a user may read."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from meetings import visibility
from search.models import Entry

START, STOP = "\x02", "\x03"


def audiences_for(user) -> list[str]:
    if visibility.audience_of(user).sees_closed:
        return [visibility.Audience.PUBLIC, visibility.Audience.MEMBERS]
    return [visibility.Audience.PUBLIC]


def entries_for(user):
    """The entries this user may find: members get a closed item's full entry instead of its
    public one."""
    entries = Entry.objects.filter(audience__in=audiences_for(user))
    if visibility.audience_of(user).sees_closed:
        entries = entries.exclude(superseded_for_members=True)
    else:
        entries = entries.exclude(meeting__in=visibility.retired_from_public().values("pk"))
        annexes_gone = visibility.retired_from_public(visibility.DocumentClass.ANNEXES)
        entries = entries.exclude(kind=Entry.Kind.ANNEX, meeting__in=annexes_gone.values("pk"))
    return entries


def _query(q: str):
    return SearchQuery(q, config="danish", search_type="websearch")


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(q: str) -> str:
    """One line of at most 200 characters; control characters (NUL included) become spaces."""
    return " ".join(CONTROL.sub(" ", q).split())[:200]


def search(queryset, q: str):
    """Ranked matches; on SQLite a plain substring match."""
    q = clean_query(q)
    if not q:
        return queryset.none()
    if connection.vendor != "postgresql":
        return queryset.filter(Q(title__icontains=q) | Q(text__icontains=q)).order_by("-date")
    query = _query(q)
    return (
        queryset.filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "-date", "pk")
    )


# ts_headline reads all the text it is given, so it gets a window of 3000 characters around the
# first hit, trimmed to whole words at both ends.
SNIPPET_SQL = r"""
    WITH w AS (
        SELECT e.id, e.text, greatest(strpos(lower(e.text), %(lexeme)s) - 1500, 1) AS s
        FROM search_entry AS e
        WHERE e.id = ANY(%(ids)s)
    )
    SELECT w.id,
           ts_headline('danish',
                       regexp_replace(
                           regexp_replace(substr(w.text, w.s, 3000),
                                          CASE WHEN w.s > 1 THEN '^\S*\s+' ELSE '^' END, ''),
                           CASE WHEN w.s + 3000 <= length(w.text) THEN '\s+\S*$' ELSE '$' END,
                           ''),
                       websearch_to_tsquery('danish', %(q)s),
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) ||
                       ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
    FROM w
"""
SNIPPET_CHARS = 240


def _ellipsed(snippet: str, text: str) -> str:
    """ "…" where the snippet starts after the text's beginning or stops before its end."""
    bare = " ".join(snippet.replace(START, "").replace(STOP, "").split())
    whole = " ".join(text.split())
    if not bare:
        return snippet
    first, _sep, _rest = bare.partition(" … ")
    last = bare.rpartition(" … ")[2]
    if not whole.startswith(first[:60]):
        snippet = "… " + snippet.lstrip()
    if not whole.endswith(last[-60:]):
        snippet = snippet.rstrip() + " …"
    return snippet


def _shortened(text: str) -> str:
    """The text's beginning, cut at a word boundary."""
    whole = " ".join(text.split())
    if len(whole) <= SNIPPET_CHARS:
        return whole
    return whole[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def snippets(entries, q: str) -> dict[int, str]:
    """Highlighted snippets for the shown results only, whole words with "…" where text is
    left out."""
    ids = [entry.pk for entry in entries]
    if not ids or connection.vendor != "postgresql":
        return {entry.pk: _shortened(entry.text) for entry in entries}
    q = clean_query(q)
    with connection.cursor() as cursor:
        cursor.execute("SELECT querytree(websearch_to_tsquery('danish', %s))", [q])
        tree = cursor.fetchone()[0] or ""
        lexemes = re.findall(r"'([^']+)'", tree)
        cursor.execute(SNIPPET_SQL, {"lexeme": lexemes[0] if lexemes else "", "q": q, "ids": ids})
        found = dict(cursor.fetchall())
    return {entry.pk: _ellipsed(found.get(entry.pk) or "", entry.text) for entry in entries}


def snippet_html(snippet: str | None) -> str:
    """Escape the text, then mark the hits: nothing from the content becomes markup."""
    if not snippet:
        return ""
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))
