"""Abbreviations and what they stand for. Danish public texts live on them ("RAR", "BRN",
"STPS") and define each where it is first used: "Business Region North Denmark (BRN)",
"Styrelsen for Patientsikkerhed (STPS)", "RAR (Regionalt Arbejdsmarkedsråd)". The index learns
such definitions from the public texts it keeps, and the secretariat keeps its own for those no
text defines ("KL"). A search for either then finds both: "BRN" finds the texts that write
"Business Region North Denmark" only, and that name finds those that write "BRN".

A definition is found with Schwartz and Hearst's algorithm ("A simple algorithm for identifying
abbreviation definitions in biomedical text", 2003): the abbreviation's letters, from its last,
stand in that order in the words next to it, and its first letter begins a word. Only public
texts are read, and a text's definitions serve the search while the public may find the text
(they go with its entry), so what a closed text defines is never used, and the search page may
say which definitions it used."""

import re
from collections.abc import Callable
from typing import NamedTuple

from django.contrib.postgres.search import SearchConfig
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from search.models import Abbreviation

SHAPE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅa-zæøå0-9&-]{1,9}")
CAPITALS = re.compile(r"[A-ZÆØÅ]")
PARENTHESIS = re.compile(r"\(([^()\n]{2,200})\)")
# Where a definition's name may begin at the earliest: after the end of a sentence, a colon, …
BEFORE = re.compile(r".*(?:[.!?:;»«\"\n•]\s|[(\[\n])", re.S)
LONGEST = Abbreviation._meta.get_field("long").max_length
DANISH = SearchConfig("danish")
MOST = 5  # names used for one abbreviation, and abbreviations for one name


class Definition(NamedTuple):
    short: str
    long: str


def _is_short(word: str) -> bool:
    """An abbreviation as written: a word of up to ten letters and digits with two capitals or
    more ("KL", "SOSU", "NPS"; not "Bilag")."""
    return bool(SHAPE.fullmatch(word)) and len(CAPITALS.findall(word)) >= 2


def _best_long(short: str, words: str) -> str | None:
    """The shortest end of `words` that holds the letters of `short` in order, its first letter
    beginning a word (Schwartz and Hearst's findBestLongForm), and its last letter in the last
    word ("forordning (EU)" is not a definition)."""
    s, at = len(short) - 1, len(words) - 1
    while s >= 0:
        letter = short[s].lower()
        if not letter.isalnum():
            s -= 1
            continue
        while at >= 0 and (
            words[at].lower() != letter or (s == 0 and at > 0 and words[at - 1].isalnum())
        ):
            at -= 1
        if at < 0 or (s == len(short) - 1 and " " in words[at:]):
            return None
        at, s = at - 1, s - 1
    return words[words.rfind(" ", 0, at + 1) + 1 :]


def _definition(short: str, words: str, *, name_first: bool = False) -> Definition | None:
    """`short` defined by the words next to it, or None: the name holds at most
    min(|short| + 5, 2·|short|) words (the last of those before "(ABBR)"; in "ABBR (name)" it
    is all of the name), is longer than the abbreviation and does not hold it."""
    words = " ".join(words.split()).strip(" ,-–\"'»«")
    most = min(len(short) + 5, 2 * len(short))
    if name_first and words.count(" ") >= most:
        return None
    long = _best_long(short, " ".join(words.split(" ")[-most:]))
    if not long or len(long) <= len(short) or len(long) > LONGEST:
        return None
    if name_first and long != words:  # "DI (inkl. Dansk Byggeri)" defines nothing
        return None
    if short.lower() in long.lower().split() or _is_short(long):
        return None
    return Definition(short, long)


def definitions_in(text: str) -> list[Definition]:
    """The definitions a text makes: "name (ABBR)" and "ABBR (name)", each once."""
    found = {}
    for match in PARENTHESIS.finditer(text):
        inside = match.group(1).strip()
        before = text[max(0, match.start() - 300) : match.start()]
        if _is_short(inside):
            # The name stands before the parenthesis, in the same sentence.
            found.setdefault(_definition(inside, BEFORE.sub("", before)), None)
            continue
        last = before.rstrip().rpartition(" ")[2]
        if _is_short(last):
            # The name stands in the parenthesis, before any comma.
            name = re.split(r"[,;:/]| - | – ", inside)[0]
            found.setdefault(_definition(last, name, name_first=True), None)
    return [definition for definition in found if definition is not None]


def learn(entries) -> None:
    """Keep the definitions these (public) entries make; they go when the entries go. (Only
    PostgreSQL reads them: on SQLite the search matches substrings.)"""
    if connection.vendor != "postgresql":
        return
    Abbreviation.objects.bulk_create(
        Abbreviation(short=d.short, long=d.long, entry=entry)
        for entry in entries
        for d in definitions_in("\n".join((entry.title, entry.context, entry.text)))
    )
    read(Abbreviation.objects.filter(short_query="", long_query=""))


def read(abbreviations) -> None:
    """Write down how the search reads these abbreviations and names."""
    if connection.vendor != "postgresql":
        return
    abbreviations.update(
        short_query=Cast(Func(DANISH, F("short"), function="plainto_tsquery"), TextField()),
        long_query=Cast(Func(DANISH, F("long"), function="phraseto_tsquery"), TextField()),
    )


def readable(short: str, long: str) -> dict[str, str]:
    """What keeps the search from reading an abbreviation the secretariat writes, by field
    (nothing on SQLite, which does not read them)."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT plainto_tsquery('danish', %s)::text, plainto_tsquery('danish', %s)::text",
            [short, long],
        )
        short_query, long_query = cursor.fetchone()
    problems = {}
    if not short_query or " " in short_query:
        problems["short"] = _("Forkortelsen skal være ét ord, som søgningen kan læse (ikke et "
                              "fyldord som “og” eller “at”).")  # fmt: skip
    if not long_query:
        problems["long"] = _("Søgningen kan ikke læse betydningen: skriv de ord, den står for.")
    return problems


TOKEN = r"'(?:[^']|'')*'"
LEXEME = re.compile(TOKEN)
OPERATOR = r" (?:&|<->|<\d+>) "  # between the words of a name, as the reader may have joined them


class Expansion(NamedTuple):
    text: str  # the tsquery's text with each abbreviation and name standing for both
    used: tuple[Definition, ...]  # the definitions that did, as written
    added: tuple[tuple[str, ...], ...]  # the names and abbreviations added, as the index has them


def usable(public_entries):
    """The definitions the search uses: the secretariat's, and those of texts the public may
    find (`public_entries`), but for those the secretariat rejected."""
    rejected = Abbreviation.objects.filter(
        rejected=True, short_query=OuterRef("short_query"), long_query=OuterRef("long_query")
    )
    return (
        Abbreviation.objects.filter(
            Q(entry__isnull=True) | Q(entry__in=public_entries.values("pk"))
        )
        .exclude(Q(short_query="") | Q(long_query=""))
        .exclude(Exists(rejected))
    )


def expanded(tsquery: str, public_entries: Callable) -> Expansion:
    """The tsquery's text (websearch_to_tsquery's) with each abbreviation it has standing for
    itself or its names ('brn' → ( 'brn' | ( 'busines' <-> 'region' <-> … ) )) and each name
    for itself or its abbreviations, the name's words joined as the reader joined them."""
    tokens = set(LEXEME.findall(tsquery))
    if not tokens:
        return Expansion(tsquery, (), ())
    starts = Q(short_query__in=tokens) | Q(long_query__in=tokens)
    for token in tokens:
        starts |= Q(long_query__startswith=token + " ")
    # Most searches name no abbreviation: only those ask what the public may find (a query
    # of its own, `public_entries()`).
    if not Abbreviation.objects.filter(starts).exists():
        return Expansion(tsquery, (), ())
    names, shorts = {}, {}  # abbreviation → its names, name → its abbreviations
    for short, long, short_query, long_query in (
        usable(public_entries())
        .filter(starts)
        .order_by(F("entry").asc(nulls_first=True), "pk")
        .values_list("short", "long", "short_query", "long_query")
    ):
        names.setdefault(short_query, {}).setdefault(long_query, Definition(short, long))
        shorts.setdefault(long_query, {}).setdefault(short_query, Definition(short, long))
    patterns = {_name_pattern(long_query): ("name", long_query) for long_query in shorts}
    patterns.update({re.escape(short_query): ("short", short_query) for short_query in names})
    if not patterns:
        return Expansion(tsquery, (), ())
    order = sorted(patterns, key=len, reverse=True)
    # A whole word only; a name not after a minus (that minus is its first word's alone).
    alternatives = "|".join(f"(?P<g{n}>{pattern})" for n, pattern in enumerate(order))
    finder = re.compile(rf"(?<![^\s(!])(?:{alternatives})")
    used, added = {}, {}

    def stand_for_both(match: re.Match) -> str:
        kind, key = patterns[order[int(match.lastgroup[1:])]]
        if kind == "name" and tsquery[: match.start()].endswith("!"):
            return match.group(0)
        others = shorts[key] if kind == "name" else names[key]
        chosen = list(others.items())[:MOST]
        used.update({definition: None for _query, definition in chosen})
        added.update({tuple(_lexemes(query)): None for query, _d in chosen})
        return "( " + " | ".join([match.group(0), *(f"( {q} )" for q, _d in chosen)]) + " )"

    text = finder.sub(stand_for_both, tsquery)
    return Expansion(text, tuple(used), tuple(added))


def _lexemes(query: str) -> list[str]:
    return [token[1:-1].replace("''", "'") for token in LEXEME.findall(query)]


def _name_pattern(long_query: str) -> str:
    """A name's words in order, joined by any of the operators a reader's search joins them by."""
    return OPERATOR.join(re.escape(token) for token in LEXEME.findall(long_query))


def glossary(public_entries) -> list[tuple[str, list[str]]]:
    """The abbreviations the search uses, in Danish order, each with what it stands for (the
    secretariat's spelling first, each name once)."""
    from meetings.text import danish_sort_key

    names: dict[str, dict[str, str]] = {}
    for short, long in (
        usable(public_entries)
        .order_by(F("entry").asc(nulls_first=True), "pk")
        .values_list("short", "long")
    ):
        names.setdefault(short, {}).setdefault(long.casefold(), long)
    return [
        (short, sorted(names[short].values(), key=danish_sort_key))
        for short in sorted(names, key=lambda short: (danish_sort_key(short), short))
    ]
