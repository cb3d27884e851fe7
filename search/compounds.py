"""Danish compound words and the endings the stemmer leaves apart. Danish writes
"resultatkontrakt", "bilagssamling" and "Socialtilsyn" as one word, and PostgreSQL's Danish
configuration stems a compound as one word: by itself a search for "kontrakt" would miss
"Resultatkontrakten". Its stemmer also stems some forms of one word apart ("budget" to budg,
"budgetter" and "budgettet" to budget; "plads" to plad, "pladser" to plads). So the index keeps
its words (Word), and a search term of four letters or more stands for itself, for the indexed
words it stands inside with three letters or more around it (a compound: "kontrak" for
"resultatkontrak"), for those that add one or two letters to its end, and for itself without its
last one or two letters (another form of the word): the same in a phrase and after a minus. The
search ranks the texts that have the term itself first (selectors.search).

The words are learned when entries are written and forgotten when no entry has them any more
(a republished, withdrawn or deleted meeting), so a deleted text leaves no words behind. Which
words a term was widened to is never shown: a word may come from a closed annex, and the query
only ever runs on the entries its reader may find. On SQLite the search matches substrings, which
finds compounds already; nothing here runs there."""

import re
from collections.abc import Callable
from typing import NamedTuple

from django.db import connection

from search.models import Word
from search.text import numbers_apart

MIN_TERM = 4  # shorter terms ("råd", "mål") would stand inside too many words
MIN_LONGER = 3  # a compound adds at least this many letters to the term
ENDING = 2  # another form of the word adds or lacks at most this many letters at its end
WIDEST = 40  # words per term, the shortest (the nearest forms) first
# A word worth keeping: as long as a term at least, of Danish letters only (no numbers, no parts
# of addresses or file names).
LONGEST = Word._meta.get_field("lexeme").max_length
_WORDS_OF = f"""
    SELECT DISTINCT word FROM search_entry AS e, unnest(tsvector_to_array(e.document)) AS word
    WHERE e.id = ANY(%(ids)s) AND length(word) BETWEEN {MIN_TERM} AND {LONGEST}
      AND word ~ '^[a-zæøåäöüé]+$'
"""
_LEARN = "INSERT INTO search_word (lexeme) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING"
# The entries that have any of the words (the documents' GIN index answers the tsquery), and
# which of the words they have.
_STILL_HAD = """
    SELECT DISTINCT word FROM search_entry AS e, unnest(tsvector_to_array(e.document)) AS word
    WHERE e.document @@ %(any)s::tsquery AND word = ANY(%(words)s)
"""
FORGET_AT_ONCE = 1000
# The trigram index answers LIKE '%term%' and 'term%', the unique index the shorter forms.
_WIDER = """
    SELECT t.term, w.lexeme
    FROM unnest(%(terms)s::text[], %(inside)s::text[], %(starting)s::text[])
         AS t(term, inside, starting)
    CROSS JOIN LATERAL (
        SELECT lexeme FROM search_word
        WHERE (lexeme LIKE t.inside AND length(lexeme) >= length(t.term) + %(longer)s)
           OR (lexeme LIKE t.starting
               AND length(lexeme) BETWEEN length(t.term) + 1 AND length(t.term) + %(ending)s)
           OR (lexeme IN (left(t.term, -1), left(t.term, -2)) AND length(lexeme) >= %(shortest)s)
        ORDER BY length(lexeme), lexeme
        LIMIT %(widest)s
    ) AS w
"""
LEXEME = re.compile(r"'((?:[^']|'')*)'")


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def words_of(entries) -> list[str]:
    """The words of these (vectorised) entries worth keeping, as the index has them."""
    ids = list(entries.values_list("pk", flat=True)) if _postgres() else []
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_WORDS_OF, {"ids": ids})
        return [word for (word,) in cursor.fetchall()]


def words_learn(words: list[str]) -> None:
    """Keep these words (from words_of)."""
    if words:
        with connection.cursor() as cursor:
            cursor.execute(_LEARN, [words])


def words_forget(words: list[str]) -> None:
    """Let go of those of these words that no entry has any more."""
    if not _postgres():
        return
    words = sorted(set(words))
    for start in range(0, len(words), FORGET_AT_ONCE):
        some = words[start : start + FORGET_AT_ONCE]
        with connection.cursor() as cursor:
            cursor.execute(_STILL_HAD, {"any": " | ".join(map(quoted, some)), "words": some})
            had = {word for (word,) in cursor.fetchall()}
        Word.objects.filter(lexeme__in=[word for word in some if word not in had]).delete()


class Parsed(NamedTuple):
    exact: str  # the query as PostgreSQL parses it (a tsquery's text), `expand`ed
    wider: str  # each term widened to its compounds and forms (the same text when none)
    terms: list[str]  # the terms that are not negated, as stems, in order
    expanded: tuple = ()  # what `expand` used (search/abbreviations.py)
    added: tuple[tuple[str, ...], ...] = ()  # the words of each name or abbreviation it added


def quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"


def _lexemes(tsquery: str) -> list[str]:
    """The lexemes of a tsquery's text, in order."""
    return [text.replace("''", "'") for text in LEXEME.findall(tsquery)]


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parsed(q: str, expand: Callable | None = None) -> Parsed:
    """The search box's text (websearch syntax: quotes, "or", minus) read in Danish, `expand`ed
    (to what abbreviations stand for), and widened."""
    q = numbers_apart(q)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery('danish', %s)::text,"
            " querytree(websearch_to_tsquery('danish', %s))",
            [q, q],
        )
        exact, tree = cursor.fetchone()
        expansion = expand(exact) if expand is not None and exact else None
        exact = expansion.text if expansion is not None else exact
        terms = [t for t in set(_lexemes(exact)) if len(t) >= MIN_TERM and t.isalpha()]
        wider: dict[str, list[str]] = {}
        if terms:
            cursor.execute(
                _WIDER,
                {"terms": terms, "inside": [f"%{_escaped(t)}%" for t in terms],
                 "starting": [f"{_escaped(t)}%" for t in terms], "longer": MIN_LONGER,
                 "ending": ENDING, "shortest": MIN_TERM, "widest": WIDEST},
            )  # fmt: skip
            for term, lexeme in cursor.fetchall():
                wider.setdefault(term, []).append(lexeme)

    def widen(match: re.Match) -> str:
        (term,) = _lexemes(match.group(0))
        if term not in wider:
            return match.group(0)
        return "( " + " | ".join(quoted(t) for t in (term, *wider[term])) + " )"

    stems = _lexemes(tree or "")
    return Parsed(
        exact=exact or "",
        wider=LEXEME.sub(widen, exact or ""),
        terms=stems,
        expanded=expansion.used if expansion is not None else (),
        added=expansion.added if expansion is not None else (),
    )
