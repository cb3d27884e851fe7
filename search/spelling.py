"""A search that finds nothing asks "Mente du …?" with each word no text has replaced by the
nearest word one has, as that text writes it ("resultatkontakt" → "resultatkontrakten") and in
the case the reader wrote theirs. Near is a letter or two off, among the index's words
(compounds.py), found with PostgreSQL's pg_trgm and fuzzystrmatch. A word is offered only when a
text the reader may find has it (the index's words come from closed annexes too), and the search
only when it finds something for the reader with the page's filters. Words after a minus, short
words and numbers stay as they are. Nothing is offered on SQLite."""

import re

from django.db import connection

from search import compounds
from search.selectors import MARK, ParsedQuery, clean_query, parsed

NEAREST = 5  # words tried for each word no text has, the nearest first
MOST_WORDS = 8  # words of a search that are looked at
SHORT = 5  # a word of this many letters or fewer may be one letter off, a longer one two
# `%` lets the trigram index find the candidates (pg_trgm's threshold, 0.3), levenshtein
# (fuzzystrmatch) keeps those a letter or two off: a misspelling, not another word that shares a
# part ("kommunal" for "kommunalbestyrelse"). A swap of two letters is two.
_NEAREST = f"""
    SELECT lexeme FROM (
        SELECT lexeme, levenshtein(lexeme, %(term)s) AS edits, similarity(lexeme, %(term)s) AS near
        FROM search_word WHERE lexeme %% %(term)s
    ) AS w
    WHERE edits <= %(edits)s
    ORDER BY edits, near DESC, lexeme
    LIMIT {NEAREST}
"""
# The word as the text writes it: the headline marks it in a window around its stem's first place.
_WRITTEN = r"""
    SELECT ts_headline('danish',
                       substr(t.whole, greatest(strpos(lower(t.whole), %(lexeme)s) - 200, 1), 600),
                       %(query)s::tsquery,
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxFragments=1')
    FROM (SELECT concat_ws(' ', title, context, text) AS whole
          FROM search_entry WHERE id = %(id)s) AS t
"""
WORD = re.compile(r"(?<![\w-])(-?)(\w+)")


def _found(entries, tsquery: str):
    return entries.filter(document=ParsedQuery(tsquery))


def _nearest_written(entries, term: str) -> str | None:
    """The nearest word to this stem that a text among `entries` has, as the first such text
    writes it (in lower case: the caller writes it as the reader wrote theirs)."""
    with connection.cursor() as cursor:
        cursor.execute(_NEAREST, {"term": term, "edits": 1 if len(term) <= SHORT else 2})
        for (lexeme,) in cursor.fetchall():
            query = compounds.quoted(lexeme)
            entry = _found(entries, query).values_list("pk", flat=True).first()
            if entry is None:
                continue
            cursor.execute(_WRITTEN, {"lexeme": lexeme, "query": query, "id": entry})
            written = MARK.search(cursor.fetchone()[0] or "")
            return written.group(1).lower() if written else lexeme
    return None


def _in_case_of(word: str, written: str) -> str:
    """`written` (in lower case) in the case the reader wrote `word`."""
    if word.islower():
        return written
    return written.capitalize() if word.istitle() else written.upper()


def suggestion(entries, q: str) -> str | None:
    """The search `q` with its unknown words replaced, when that finds something among
    `entries` (what the reader may find, filtered as the page is); else None."""
    q = clean_query(q)
    if not q or connection.vendor != "postgresql":
        return None
    replaced, looked_at = {}, 0
    for match in WORD.finditer(q):
        negated, word = match.groups()
        # (Three letters are too few to be near one word only; "or" is websearch's own.)
        if negated or not word.isalpha() or len(word) < compounds.MIN_TERM:
            continue
        looked_at += 1
        if looked_at > MOST_WORDS:
            break
        read = parsed(word)
        if not read.terms or _found(entries, read.wider).exists():
            continue
        written = _nearest_written(entries, read.terms[0])
        if written is None:
            return None
        replaced[match.start(2)] = _in_case_of(word, written)
    if not replaced:
        return None
    offered = WORD.sub(
        lambda m: m.group(1) + replaced[m.start(2)] if m.start(2) in replaced else m.group(0),
        q,
    )
    return offered if _found(entries, parsed(offered).wider).exists() else None
