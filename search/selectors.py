"""The search itself: PostgreSQL full-text search in Danish, exactly within what a user may read."""

import functools
import re
from itertools import pairwise
from typing import NamedTuple
from urllib.parse import quote

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from meetings import visibility
from search import abbreviations, compounds
from search.models import Entry
from search.text import HYPHEN, NUMBER_HYPHEN_SQL

START, STOP = "\x02", "\x03"
PAGE_BREAK = "\f"


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


class ParsedQuery(SearchQuery):
    """A query PostgreSQL has parsed already (a tsquery's text, search/compounds.py), read as
    it is: its terms are Danish stems, not to be stemmed again."""

    template = "%(expressions)s::tsquery"

    def __init__(self, text: str):
        super().__init__(text, search_type="raw")


def parsed(q: str) -> compounds.Parsed:
    """The search as PostgreSQL reads it, each abbreviation and name standing for both
    (search/abbreviations.py: the same for every reader, from what the public may find), and
    widened to compounds and other forms (search/compounds.py)."""
    public = functools.partial(entries_for, None)
    return compounds.parsed(q, expand=lambda tsquery: abbreviations.expanded(tsquery, public))


def definitions_used(q: str) -> tuple:
    """The abbreviations the search `q` found by their names too, or those names by their
    abbreviations: to be told to the reader (none on SQLite, which matches substrings)."""
    q = clean_query(q)
    if not q or connection.vendor != "postgresql":
        return ()
    return parsed(q).expanded


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(q: str) -> str:
    """One line of at most 200 characters; control characters (NUL included) become spaces."""
    return " ".join(CONTROL.sub(" ", q).split())[:200]


def search(queryset, q: str, *, newest_first: bool = False):
    """Ranked matches: the texts that have the terms themselves first, then those that have
    them only inside a compound ("kontrakt" in "Resultatkontrakten") or in another form
    (search/compounds.py); `newest_first`, by date and then so. On SQLite a plain substring
    match, newest first."""
    q = clean_query(q)
    if not q:
        return queryset.none()
    if connection.vendor != "postgresql":
        found = Q(title__icontains=q) | Q(context__icontains=q) | Q(text__icontains=q)
        return queryset.filter(found).order_by("-date")
    query = parsed(q)
    exact, wider = ParsedQuery(query.exact), ParsedQuery(query.wider)
    # The page needs neither the text nor its vector: snippets() reads the text in SQL.
    found = queryset.filter(document=wider).defer("text", "document")
    if query.wider == query.exact:
        found, ranks = found.annotate(rank=SearchRank(F("document"), exact)), ["-rank"]
    else:
        found = found.annotate(
            rank=SearchRank(F("document"), exact), wider_rank=SearchRank(F("document"), wider)
        )
        ranks = ["-rank", "-wider_rank"]
    if newest_first:
        return found.order_by("-date", *ranks, "pk")
    return found.order_by(*ranks, "-date", "pk")


# ts_headline reads all the text it is given, so it gets a window of 2000 characters around the
# first hit (of the first term, or else of a word an abbreviation or name stands for), trimmed
# to whole words at both ends. An annex's text keeps its pages apart with form feeds, so the
# form feeds before the first hit tell its page (none for a text of one page). The text's first
# and last thousand characters tell where the snippet needs "…". The window is read
# with numbers apart from their hyphens, as the index reads it (search/text.py), and shown as it
# is. Each text is read from its compressed storage once (MATERIALIZED), not once for each use.
# The title comes with every hit in it marked.
SNIPPET_SQL = r"""
    WITH h AS MATERIALIZED (
        SELECT e.id, e.title, e.text,
               coalesce((SELECT p FROM unnest(%(window)s::text[]) WITH ORDINALITY AS l(w, n),
                                       strpos(lower(e.text), l.w) AS p
                         WHERE p > 0 ORDER BY n LIMIT 1), 0) AS hit
        FROM search_entry AS e
        WHERE e.id = ANY(%(ids)s)
    ), w AS (
        SELECT h.id, h.title, h.text, h.hit, greatest(h.hit - 1000, 1) AS s FROM h
    )
    SELECT w.id,
           replace(ts_headline('danish',
                       regexp_replace(regexp_replace(
                           regexp_replace(substr(w.text, w.s, 2000),
                                          CASE WHEN w.s > 1 THEN '^\S*\s+' ELSE '^' END, ''),
                           CASE WHEN w.s + 2000 <= length(w.text) THEN '\s+\S*$' ELSE '$' END,
                           ''), %(apart)s, %(hyphen)s, 'g'),
                       %(query)s::tsquery,
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) ||
                       ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'),
                   %(hyphen)s, '-'),
           CASE WHEN w.hit > 0 AND strpos(w.text, chr(12)) > 0
                THEN 1 + w.hit - length(replace(substr(w.text, 1, w.hit), chr(12), ''))
           END,
           left(w.text, 1000),
           right(w.text, 1000),
           replace(ts_headline('danish', regexp_replace(w.title, %(apart)s, %(hyphen)s, 'g'),
                               %(query)s::tsquery,
                               'StartSel=' || chr(2) || ', StopSel=' || chr(3)
                               || ', HighlightAll=true'),
                   %(hyphen)s, '-')
    FROM w
"""
SNIPPET_CHARS = 240


def _unmarked(text: str) -> str:
    return text.replace(START, "").replace(STOP, "").replace(PAGE_BREAK, " ")


def _ellipsed(snippet: str, head: str, tail: str) -> str:
    """ "…" where the snippet starts after the text's beginning (`head`) or stops before its end
    (`tail`)."""
    bare = " ".join(_unmarked(snippet).split())
    if not bare:
        return snippet
    first, _sep, _rest = bare.partition(" … ")
    last = bare.rpartition(" … ")[2]
    if not " ".join(head.split()).startswith(first[:60]):
        snippet = "… " + snippet.lstrip()
    if not " ".join(tail.split()).endswith(last[-60:]):
        snippet = snippet.rstrip() + " …"
    return snippet


def _shortened(text: str) -> str:
    """The text's beginning, cut at a word boundary."""
    whole = " ".join(text.split())
    if len(whole) <= SNIPPET_CHARS:
        return whole
    return whole[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


class Found(NamedTuple):
    snippet: str
    page: int | None  # the page of the first hit, in an annex's text
    title: str = ""  # the title with its hits marked ("" when it is to be shown as it is)


def _page_of(text: str, at: int) -> int | None:
    """None for a text of one page (or indexed before pages were kept apart)."""
    return text.count(PAGE_BREAK, 0, at) + 1 if at >= 0 and PAGE_BREAK in text else None


def snippets(entries, q: str) -> dict[int, Found]:
    """Highlighted snippets for the shown results only, whole words with "…" where text is
    left out, each with the page of its first hit."""
    ids = [entry.pk for entry in entries]
    if not ids or connection.vendor != "postgresql":
        q = clean_query(q).lower()
        return {
            entry.pk: Found(
                _shortened(entry.text), _page_of(entry.text, entry.text.lower().find(q))
            )
            for entry in entries
        }
    query = parsed(clean_query(q))
    window = [*query.terms[:1], *(lexeme for added in query.added for lexeme in added)]
    with connection.cursor() as cursor:
        cursor.execute(
            SNIPPET_SQL,
            {"window": window, "query": query.wider, "ids": ids,
             "apart": NUMBER_HYPHEN_SQL, "hyphen": HYPHEN},
        )  # fmt: skip
        found = {pk: rest for pk, *rest in cursor.fetchall()}
    result = {}
    for entry in entries:
        snippet, page, head, tail, title = found.get(entry.pk, ("", None, "", "", ""))
        snippet = _ellipsed(_marked(snippet or "", query), head, tail)
        result[entry.pk] = Found(snippet, page, _marked(title or "", query))
    return result


def _marked(text: str, query: compounds.Parsed) -> str:
    """ts_headline's marks as the reader's words: a hyphenated word's marked parts are one mark
    ("KL-aftalen") and marked nowhere by themselves ("KL" in "KL's"), a name's words stray from
    the name none (_unmark_strays)."""
    text = _unmark_strays(text, query).replace(f"{STOP}-{START}", "-")
    hyphenated = [term for term in query.terms if "-" in term]
    parts = {part for term in hyphenated for part in term.split("-")}
    own = [term for term in query.terms if term not in parts and term not in hyphenated]

    def part_alone(word: str) -> bool:
        word = word.lower()
        return (
            "-" not in word
            and any(word.startswith(part) for part in parts)
            and not any(word.startswith(term) for term in own)
        )

    return MARK.sub(lambda m: m.group(1) if part_alone(m.group(1)) else m.group(0), text)


MARK = re.compile(f"{START}([^{STOP}]*){STOP}")
GAP = re.compile(r"\s+(?:\w{1,3}\s+)?")  # between a name's words: "Styrelsen for Patientsikkerhed"


def _unmark_strays(text: str, query: compounds.Parsed) -> str:
    """ts_headline marks each word of a phrase wherever it stands: a word of a name that an
    abbreviation stood for keeps its mark only where the whole name stands ("KL" marks
    "Kommunernes Landsforening", not "kommunerne" by itself). The reader's own words keep
    theirs. (A Danish stem begins its words: "kommun" for "Kommunernes".)"""
    names = [name for name in query.added if len(name) > 1]
    marks = list(MARK.finditer(text)) if names else []
    kept = set()
    for name in names:
        for first in range(len(marks) - len(name) + 1):
            run = marks[first : first + len(name)]
            words_match = all(
                m.group(1).lower().startswith(lexeme) for m, lexeme in zip(run, name, strict=True)
            )
            together = all(GAP.fullmatch(text[a.end() : b.start()]) for a, b in pairwise(run))
            if words_match and together:
                kept.update(range(first, first + len(name)))
    name_words = {lexeme for name in names for lexeme in name}

    def stray(n: int, word: str) -> bool:
        word = word.lower()
        return (
            n not in kept
            and any(word.startswith(lexeme) for lexeme in name_words)
            and not any(word.startswith(term) for term in query.terms)
        )

    for n, mark in reversed(list(enumerate(marks))):
        if stray(n, mark.group(1)):
            text = text[: mark.start()] + mark.group(1) + text[mark.end() :]
    return text


def snippet_html(snippet: str | None) -> str:
    """Escape the text, then mark the hits: nothing from the content becomes markup."""
    if not snippet:
        return ""
    marked = escape(snippet.replace(PAGE_BREAK, " ").replace("\n", " "))
    return mark_safe(marked.replace(START, "<mark>").replace(STOP, "</mark>"))


CONTEXT_WORDS = 3  # words on each side of the hit that tell it from the same word elsewhere


def _directive_part(words: list[str]) -> str:
    """Words as a part of a text directive: percent escapes for all but letters, digits and
    "_.~" ("," and "&" among them), and for "-" too, which means something there."""
    return quote(" ".join(words), safe="").replace("-", "%2D")


def text_directive(snippet: str) -> str:
    """A text fragment (`:~:text=`) for a snippet's first hit, with the words on each side of it
    in the snippet. A browser that knows text fragments scrolls to the hit and marks it; one
    that does not, or a page where the words are not found as they stand (a paragraph between
    them), goes to the fragment before it. "" for a snippet without a hit."""
    part = next((part for part in snippet.split(" … ") if START in part), "")
    before, _start, rest = part.partition(START)
    hit, _stop, after = rest.partition(STOP)
    hit_words = _unmarked(hit).split()
    if not hit_words:
        return ""
    # Words of the hit's own block (line) only: a browser finds no words across a block's end.
    # (The "…" of a snippet that starts or ends inside the text is not the text's.)
    before, after = before.rpartition("\n")[2], after.partition("\n")[0]
    prefix = [word for word in _unmarked(before).split() if word != "…"][-CONTEXT_WORDS:]
    suffix = [word for word in _unmarked(after).split() if word != "…"][:CONTEXT_WORDS]
    directive = _directive_part(hit_words)
    if prefix:
        directive = f"{_directive_part(prefix)}-,{directive}"
    if suffix:
        directive = f"{directive},-{_directive_part(suffix)}"
    return ":~:text=" + directive


HITS = 5  # what a snippet marks that a reader marks on an annex's pages
MARKS_APART = re.compile(f"{STOP}\\s+{START}")


def hits_of(snippet: str) -> list[str]:
    """What a snippet marks, as the text writes it, each once (case aside), in order; marked
    words next to each other are one ("Business Region North Denmark")."""
    hits = {}
    for mark in MARK.finditer(MARKS_APART.sub(" ", snippet)):
        hit = " ".join(mark.group(1).split())
        hits.setdefault(hit.casefold(), hit)
    return list(hits.values())[:HITS]


def link_to_hit(entry: Entry, hit: Found) -> str:
    """Where a finding opens: an annex at the page of its first hit (`#page=`, as the bundle's
    links do), any other page at the hit itself, marked, where the browser knows text
    fragments (at its own fragment where not)."""
    if entry.kind == Entry.Kind.ANNEX:
        return f"{entry.url}#page={hit.page}" if hit.page else entry.url
    directive = text_directive(hit.snippet)
    if not directive:
        return entry.url
    return entry.url + ("" if "#" in entry.url else "#") + directive
