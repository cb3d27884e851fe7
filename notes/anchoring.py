"""Finding a note's quote again in a changed text: the W3C Web Annotation TextQuoteSelector idea
(the quoted words with a little context before and after), exact first, then fuzzy.

Texts are compared with runs of whitespace collapsed to one space, because a PDF's text layer in
the browser (pdf.js) and pdftotext on the server break lines differently; where even that differs
(one inserts a space between two text runs, the other does not) the search falls back to the
text without any whitespace or hyphens (a word broken at a line's end)."""

import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from meetings.package import Item

# A fuzzy match may differ from the quote in at most this share of its characters.
MAX_ERROR_SHARE = 0.2
CLOSE_ERROR_SHARE = 0.1
MIN_CONTEXT_FOR_REWORDED = 0.6
CONTEXT_CHARS = 32
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""
    position: int | None = None  # start offset in the normalized text, the last fallback


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    exact: str  # the text found, which replaces the quote when the match was fuzzy
    prefix: str
    suffix: str
    fuzzy: bool
    score: float  # 1.0 for an exact match with both contexts


def _context_score(text: str, start: int, end: int, quote: Quote) -> float:
    """How well the text around a hit agrees with the quote's context (0 … 1)."""
    score, parts = 0.0, 0
    if quote.prefix:
        parts += 1
        before = text[max(0, start - len(quote.prefix)) : start]
        score += _similarity(before, quote.prefix)
    if quote.suffix:
        parts += 1
        after = text[end : end + len(quote.suffix)]
        score += _similarity(after, quote.suffix)
    return score / parts if parts else 1.0


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    longest = max(len(a), len(b))
    return 1.0 - edit_distance(a, b) / longest


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (two rows)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def _best_substring(text: str, pattern: str) -> tuple[int, int, int]:
    """(start, end, distance) of the substring of `text` closest to `pattern` in edit distance
    (Sellers' algorithm: a match may begin anywhere in the text)."""
    m = len(pattern)
    column = list(range(m + 1))
    best_end, best = 0, m
    for end, char in enumerate(text, start=1):
        previous_diagonal, column[0] = column[0], 0
        for i in range(1, m + 1):
            above = column[i]
            column[i] = min(
                above + 1, column[i - 1] + 1, previous_diagonal + (pattern[i - 1] != char)
            )
            previous_diagonal = above
        if column[m] < best:
            best, best_end = column[m], end
    # Walk back for the start that gives that distance with the shortest span.
    start, start_distance = best_end, m
    for candidate in range(max(0, best_end - m - best), best_end + 1):
        distance = edit_distance(text[candidate:best_end], pattern)
        if distance < start_distance or (distance == start_distance and candidate > start):
            start, start_distance = candidate, distance
    return start, best_end, start_distance


def _match(text: str, start: int, end: int, *, fuzzy: bool, score: float) -> Match:
    return Match(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        fuzzy=fuzzy,
        score=score,
    )


def _exact_hits(text: str, needle: str):
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


# A word broken at a line's end reads "Nordjyl- land" in the browser and "Nordjylland" on the
# server, and "KL- aftalen" where the text has "KL-aftalen".
HYPHENS = "-\u2010\u00ad"


def _compact_index(text: str) -> tuple[str, list[int]]:
    """The text without whitespace and hyphens, and for each of its characters the offset in
    `text`."""
    offsets = [i for i, char in enumerate(text) if not char.isspace() and char not in HYPHENS]
    return "".join(text[index] for index in offsets), offsets


def quote_find(text: str, quote: Quote, *, fuzzy: bool = True) -> Match | None:
    """Where the quote is in the text now, or None when it is gone."""
    text, exact = normalize(text), normalize(quote.exact)
    if not exact or not text:
        return None
    candidates = []
    for start in _exact_hits(text, exact):
        score = _context_score(text, start, start + len(exact), quote)
        if quote.position is not None:
            score -= abs(start - quote.position) / (10 * (len(text) + 1))
        candidates.append((score, start, start + len(exact)))
    if candidates:
        score, start, end = max(candidates)
        return _match(text, start, end, fuzzy=False, score=score)
    compact, offsets = _compact_index(text)
    compact_exact = _compact_index(exact)[0]
    hit = compact.find(compact_exact) if compact_exact else -1
    if hit != -1:
        start, end = offsets[hit], offsets[hit + len(compact_exact) - 1] + 1
        return _match(text, start, end, fuzzy=False, score=_context_score(text, start, end, quote))
    return _fuzzy_find(text, exact, quote) if fuzzy else None


def _windows(text: str, exact: str) -> list[tuple[int, int]]:
    """Stretches of the text around the quote's longer words: the only places a fuzzy match
    can be, so the edit-distance search runs on a few hundred characters, not a whole page."""
    slack = len(exact) + int(MAX_ERROR_SHARE * len(exact)) + 1
    spans = []
    for word in {w for w in exact.split(" ") if len(w) >= 4}:
        for at in _exact_hits(text, word):
            spans.append((max(0, at - slack), min(len(text), at + slack)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _fuzzy_find(text: str, exact: str, quote: Quote) -> Match | None:
    best = None
    for first, last in _windows(text, exact):
        start, end, distance = _best_substring(text[first:last], exact)
        if best is None or distance < best[2]:
            best = (first + start, first + end, distance)
    if best is None or best[2] > MAX_ERROR_SHARE * len(exact):
        return None
    start, end, distance = best
    context = _context_score(text, start, end, quote)
    # A reworded quote must still sit in its old surroundings; only a near-identical one (a
    # hyphenation, a typo fixed) may stand anywhere. Real annexes repeat their phrases with small
    # variations, and a note moved to the wrong one is worse than a note in the tray.
    close = distance <= CLOSE_ERROR_SHARE * len(exact) and _numbers(exact) == _numbers(
        text[start:end]
    )  # "No. 1" for "No. 2" is another page's header, not a hyphenation
    if not close and context < MIN_CONTEXT_FOR_REWORDED:
        return None
    return _match(text, start, end, fuzzy=True, score=(1 - distance / len(exact) + context) / 2)


@dataclass(frozen=True)
class PageMatch:
    page: int  # 1-based
    match: Match


def quote_find_in_pages(pages: list[str], quote: Quote, *, near_page: int | None = None):
    """The page (1-based) and place of the quote in a document's page texts, or None."""
    # Exactly on one page; exactly across a page break (placed on the page where it begins);
    # only then fuzzily, where no page has the words.
    spreads = [f"{page} {following}" for page, following in itertools.pairwise(pages)]
    for texts, fuzzy in ((pages, False), (spreads, False), (pages, True)):
        found = []
        for number, page_text in enumerate(texts, start=1):
            match = quote_find(page_text, quote, fuzzy=fuzzy)
            if match is not None:
                found.append(PageMatch(page=number, match=match))
        if found:
            return max(
                found,
                key=lambda hit: (hit.match.score, -abs(hit.page - (near_page or hit.page))),
            )
    return None


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    """The text a browser's `textContent` gives for this HTML, whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return normalize("".join(collector.parts))


# The item's texts in the order the reader page shows them (meetings' item_sections).
ITEM_TEXT_FIELDS = ("background", "recommendation", "presentation", "decision")


def item_text(item: Item, *, with_decision: bool) -> str:
    """An item's text as the reader page shows it: its sections' texts, one space between."""
    texts = item.texts
    fields = ITEM_TEXT_FIELDS if with_decision else ITEM_TEXT_FIELDS[:-1]
    return " ".join(html_text(texts[field]) for field in fields if texts.get(field))
