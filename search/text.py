import re
from html import unescape

from django.utils.html import strip_tags

# Block elements end a word: "<p>Nordjylland</p><ul><li>Anmoder" is two words, not one.
BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|tfoot|caption|section"
    r"|article|blockquote|dd|dt|dl|pre|figure|figcaption)\b)",
    re.IGNORECASE,
)


def plain(html: str) -> str:
    """Item or goal HTML as one line of plain text for the index."""
    html = BLOCK_TAG.sub(" <", html or "")
    # PostgreSQL's text parser skips what follows a literal "<script>"; angle brackets in the
    # plain text become look-alikes so every word stays findable.
    text = unescape(strip_tags(html or "")).replace("<", "‹").replace(">", "›")
    return " ".join(text.split())


def plain_pages(text: str) -> str:
    """An annex's extracted text as plain text, its pages still apart (form feed), so a finding
    can name its page."""
    return "\f".join(plain(page) for page in (text or "").split("\f"))
