"""Page furniture: the lines a layout sets at the same place on page after page – a running head,
the page's number, a letter's side column (KL's: date, case number, e-mail, address). pdftotext
reads them where they stand, so a side column cut a memo's paragraphs in two ("… i det nære" /
"Weidekampsgade 10" / "sundhedsvæsen …"), every page of a letter was a hit for its address, and a
hit's snippet showed the letterhead. The text read from an annex has them after each page's own
lines (search/pdflines.py); the index keeps them the first time they stand (search/text.py)."""

import re
from typing import NamedTuple

# A number a running line may count pages with: whole, of up to four digits ("Side 3 af 12",
# "- 3 -", "iii" is a word), not part of an amount ("1.771.663,13") or a date ("17.").
NUMBER = re.compile(r"(?<![\w.,])\d{1,4}(?![\w.,])")
# Counting numbers beside the text (in a side column) name the page: "Side 3 af 12", "Page 3".
PAGE_WORD = re.compile(r"\b(?:side|page)\b", re.IGNORECASE)


# A page's head and foot: its top and bottom 8 % (the running heads of the manuals and letters
# read stand in the top 6.3 %, their page numbers in the bottom 7 %; a table's rows lower than
# that may count along with the pages and be no page numbers).
MARGIN = 0.08


class Line(NamedTuple):
    top: int  # where it stands on its page, in points from the top
    text: str
    margin: bool  # in the page's head or foot


def line(top: float, text: str, height: float) -> Line:
    return Line(round(top), text, not MARGIN * height < top < (1 - MARGIN) * height)


def key(text: str) -> str:
    """A line's text with its page-counting numbers left out: the same on every page."""
    return NUMBER.sub("#", " ".join(text.split()))


class _Again:
    """A place seen on a second page: on how many, and whether its numbers may be furniture's."""

    __slots__ = ("counting", "first", "key", "last", "margin", "pages", "still")

    def __init__(self, key: str, first: tuple[int, tuple[int, ...]], margin: bool):
        self.key, self.margin = key, margin
        self.pages, self.last = 1, first[0]
        self.first = first  # (page, numbers) where it was first seen
        count = len(first[1])
        self.still, self.counting = [True] * count, [True] * count  # per number


class Finder:
    """The furniture of a text, from each page's lines read once: the place and key of each line
    set at the same place on page after page – in the head or the foot of two pages or more (a
    chapter's running head), elsewhere (a side column) on half the pages or more. Its numbers
    stand still, or count the pages where it is in the head or the foot or names a page ("Side 3
    af 12" on page 3, "Side 4 af 12" on page 4): a table's rows set at the same place on each
    page, with other figures, are the annex's own text. A place seen once costs a number."""

    def __init__(self):
        self.count = 0  # pages read
        # A place's hash: the page it is on, with the line's numbers where it has any.
        self.once: dict[int, int | tuple[int, tuple[int, ...]]] = {}
        self.again: dict[int, _Again] = {}
        self.found: set[int] | None = None

    def add(self, page: list[Line]) -> None:
        index, self.count = self.count, self.count + 1
        for line in page:
            place = hash((line.top, key(line.text)))
            numbers = [int(number) for number in NUMBER.findall(line.text)]
            if place in self.again:
                self._again(self.again[place], index, numbers, line.margin)
            elif place in self.once:
                first = self.once.pop(place)
                first = first if isinstance(first, tuple) else (first, ())
                self.again[place] = again = _Again(key(line.text), first, line.margin)
                self._again(again, index, numbers, line.margin)
            else:
                self.once[place] = (index, tuple(numbers)) if numbers else index

    def _again(self, again: _Again, index: int, numbers: list[int], margin: bool) -> None:
        if index == again.last:
            again.pages = -1  # two lines alike at one place on a page: a table's cells
            return
        if again.pages < 0:
            return
        again.pages, again.last, again.margin = again.pages + 1, index, again.margin or margin
        first_page, first = again.first
        for column, (was, now) in enumerate(zip(first, numbers, strict=True)):
            again.still[column] &= was == now
            again.counting[column] &= now - was == index - first_page

    def _furniture(self, again: _Again) -> bool:
        if again.pages < (2 if again.margin else max(2, (self.count + 1) // 2)):
            return False
        counts = again.margin or PAGE_WORD.search(again.key)
        return all(
            still or (counting and counts)
            for still, counting in zip(again.still, again.counting, strict=True)
        )

    def places(self) -> set[int]:
        """The furniture's places, once every page is read (what led to them is let go of)."""
        if self.found is None:
            self.again = {
                place: again for place, again in self.again.items() if self._furniture(again)
            }
            self.found, self.once = set(self.again), {}
        return self.found

    def keys(self) -> list[str]:
        """The furniture's lines (key), each once."""
        self.places()
        return sorted({again.key for again in self.again.values()})

    def split(self, page: list[Line]) -> tuple[list[str], list[str]]:
        """A page's own lines and its furniture, each in the order read."""
        places, own, set_apart = self.places(), [], []
        for line in page:
            furniture = places and hash((line.top, key(line.text))) in places
            (set_apart if furniture else own).append(line.text)
        return own, set_apart


def once(page: str, keys: set[str], kept: set[str]) -> str:
    """A page's text as read (its furniture last) without the furniture `kept` already holds;
    adds what it keeps to `kept`."""
    lines = page.split("\n")
    end = len(lines)
    while end and key(lines[end - 1]) in keys:
        end -= 1
    new = []
    for line in lines[end:]:
        if key(line) not in kept:
            kept.add(key(line))
            new.append(line)
    return "\n".join(lines[:end] + new)
