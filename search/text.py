import re
from html import unescape

from django.utils.html import strip_tags

from search.furniture import once

# Block elements end a word: "<p>Nordjylland</p><ul><li>Anmoder" is two words, not one, on
# lines of their own.
BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|tfoot|caption|section"
    r"|article|blockquote|dd|dt|dl|pre|figure|figcaption)\b)",
    re.IGNORECASE,
)


# PostgreSQL's text parser reads "2022-2025" as 2022 and minus 2025, "SAG-2023-03908" as sag,
# -2023 and -03908, and "-500 kr." as minus 500, so "2025", "03908" and "500" would not find
# them. What is indexed has every hyphen before a digit as U+2010, a hyphen the parser reads as a
# break between words; what is searched for has it only inside a word (a minus before a word is
# the search box's "not"). The text shown is never changed.
HYPHEN = "\u2010"
NUMBER_HYPHEN_SQL = r"-(?=[0-9])"
NUMBER_HYPHEN = re.compile(r"(?<=[^\W_])-(?=\d)")


def numbers_apart(text: str) -> str:
    return NUMBER_HYPHEN.sub(HYPHEN, text)


# PostgreSQL's text parser skips what follows a literal "<script>": angle brackets in a text are
# indexed as look-alikes, so every word stays findable.
ANGLES = str.maketrans("<>", "‹›")
BLOCK_END = "\x1e"  # where a block ended, until the text is split into lines


def plain(html: str) -> str:
    """Item or goal HTML as plain text for the index, a line for each block (a paragraph, a
    list item, a cell): a link to a hit names the words around it inside its block, as a
    browser finds them (selectors.text_directive). Other line breaks are spaces."""
    html = BLOCK_TAG.sub(BLOCK_END + "<", (html or "").replace(BLOCK_END, " "))
    text = unescape(strip_tags(html)).translate(ANGLES)
    lines = (" ".join(line.split()) for line in text.split(BLOCK_END))
    return "\n".join(line for line in lines if line)


def plain_pages(text: str, furniture: list[str] = ()) -> str:
    """An annex's extracted text as plain text, its pages still apart (form feed), so a finding
    can name its page; what is set on page after page the first time it stands only (a
    letterhead, a running head, "Side 3 af 12": search/furniture.py). Its words are text, not
    HTML: "<match>" in a manual's example is indexed as written."""
    keys, kept = set(furniture), set()
    return "\f".join(
        " ".join(once(page, keys, kept).split()).translate(ANGLES)
        for page in (text or "").split("\f")
    )
