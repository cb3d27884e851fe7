"""An annex page's text from the words pdftotext finds (its `-tsv` output), each line ending as a
reader reads it. pdftotext's own text joins every line that ends in a hyphen to the next and
drops the hyphen: right for a word the layout broke ("Nordjyl-" "land"), wrong for a hyphen of
the text, so "KL-" "aftalen" became "KLaftalen", "2022-" "2025" "20222025" and "social-" "og
sundhed" "socialog sundhed", and none of them was found by its words."""

import itertools
import re
from array import array
from typing import NamedTuple

from search import furniture

HYPHENS = ("-", "\u2010", "\u00ad")  # hyphen-minus, hyphen, soft hyphen
# "social- og sundhedsområdet": the hyphen stands for the second word's end.
SUSPENDED = {"og", "eller", "samt", "and", "or", "&"}
# A word broken by the layout keeps two letters or more on each line ("e-mail" is never a break);
# these few stand before a hyphen of their own ("it-systemet", "cpr-nummer").
LOWER_ABBREVIATIONS = {"it", "cpr", "cvr", "sms", "pdf", "ikt", "tv", "pc", "hr"}
# Words closer than this share of their height are one word to pdftotext as well (a change of
# font within a word, a full stop after a link).
TOUCHING = 0.05
# Typeset ligatures as their letters ("diﬀerent", "ﬁnansiering"), as a reader types them and as
# the browser's PDF reader gives them (pdf.js unfolds them too).
LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_FRAGMENT = re.compile(r"([^\W\d_]*)\W?$")


def line_end(last: str, following: str) -> tuple[str, str]:
    """A line's last word as the text has it, and what comes between it and the next line's
    first word: a line break, or nothing where the word goes on there."""
    if not last.endswith(HYPHENS) or len(last) < 2 or not following:
        return last, "\n"
    if last.endswith("\u00ad"):
        return last[:-1], ""
    if following.rstrip(".,;:").lower() in SUSPENDED:
        return last, "\n"
    return (last[:-1], "") if _broken(last, following) else (last, "")


def _broken(last: str, following: str) -> bool:
    """Whether the layout broke a word at the hyphen that ends `last` (or the text has it)."""
    before, after = last[-2], following[0]
    if last.endswith("\u2010"):
        # Typesetting breaks words with U+2010, writers type U+002D ("Frem‐" "Kom4-analysen").
        return before.isalpha() and after.isalpha()
    fragment = _FRAGMENT.search(last[:-1]).group(1)
    if len(fragment) < 2 or fragment.lower() in LOWER_ABBREVIATIONS:
        return False
    if before.isupper() and after.isupper():
        return fragment.isupper()  # "OP-" "TIONAL"
    # Danish writes compounds closed: a hyphen between small letters is far more often a break
    # than the text's ("pligt-" "mentor" reads as one word).
    return before.islower() and after.islower() and fragment[1:].islower()


class Read(NamedTuple):
    pages: list[str]  # each page's text, its own lines first, then its furniture
    furniture: list[str]  # the furniture's lines (furniture.key), each once


def pages(tsv: str, *, apart: bool = True) -> Read:
    """The text of each page of pdftotext's TSV, its lines in reading order (see line_end);
    `apart`: the page's furniture (search/furniture.py) after them, found by the other pages.
    Read row by row, a page at a time: an annex of thousands of pages costs its text, twice
    where the furniture is set apart (it is known after the last page), and a number a line."""
    found = furniture.Finder()
    laid = _laid_out(tsv)
    if apart:
        kept = []  # each page's lines as one text, and where each stands
        for page in laid:
            found.add(page)
            tops = array("i", (line.top for line in page))  # a point's a whole number, ±2 billion
            kept.append(("\n".join(line.text for line in page), tops))
        laid = (_unpacked(kept, index) for index in range(len(kept)))
    texts, held = [], None  # the page before, until its last word is known
    for page in laid:
        own, set_apart = found.split(page)
        if held is not None:
            if apart:
                _carry(held[0], own)
            texts.append(_text(*held))
        held = own, set_apart
    if held is not None:
        texts.append(_text(*held))
    return Read(texts, found.keys())


def _text(own: list[str], set_apart: list[str]) -> str:
    return "\n".join(filter(None, [_page(own), *set_apart]))


def _carry(before: list[str], after: list[str]) -> None:
    """A word the layout broke at a page's end ("Nordjyl-" / "land") is whole on the page it
    starts on, its end taken from the next (read with the furniture apart, the two lines meet)."""
    if not before or not after:
        return
    head, space, last = before[-1].rpartition(" ")
    following, _space, rest = after[0].partition(" ")
    word, between = line_end(last, following)
    if between == "" and following:
        before[-1] = head + space + word + following
        after[0:1] = [rest] if rest else []


def _unpacked(kept: list, index: int) -> list[furniture.Line]:
    """A kept page's lines again, the page let go of."""
    (text, tops), kept[index] = kept[index], None
    lines = text.split("\n") if tops else []  # a page without a word
    return [furniture.Line(top, line, False) for top, line in zip(tops, lines, strict=True)]


def _laid_out(tsv: str):
    """Each page's lines (furniture.Line), a page at a time."""
    page: list[furniture.Line] | None = None
    line: list[tuple] = []  # the line's words so far
    top = page_height = 0.0
    for row in _rows(tsv):
        level, *columns = row.split("\t", 11)
        if len(columns) < 11 or level not in ("1", "4", "5"):
            continue  # the header, or a block's row
        if line and level != "5":
            page.append(furniture.line(top, _line(line), page_height))
            line = []
        if level == "1":
            if page is not None:
                yield page
            page, page_height = [], float(columns[8])
        elif level == "4":
            top = float(columns[6])
        elif level == "5" and page is not None:
            left, width, height = (float(columns[index]) for index in (5, 7, 8))
            line.append((left, left + width, height, columns[10].translate(LIGATURES)))
    if line:
        page.append(furniture.line(top, _line(line), page_height))
    if page is not None:
        yield page


def _rows(text: str):
    """The text's lines, one at a time (no copy of the whole)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        yield text[start:end]
        start = end + 1


def _line(words) -> str:
    parts, end = [], None
    for left, right, height, word in words:
        if end is not None and left - end >= TOUCHING * height:
            parts.append(" ")
        parts.append(word)
        end = right
    return "".join(parts)


def _page(lines: list[str]) -> str:
    parts = []
    for line, following in itertools.pairwise([*lines, ""]):
        head, space, last = line.rpartition(" ")
        word, between = line_end(last, following.partition(" ")[0])
        parts += [head, space, word, between]
    return "".join(parts).rstrip("\n")
