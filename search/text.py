from html import unescape

from django.utils.html import strip_tags


def plain(html: str) -> str:
    """Item or goal HTML as one line of plain text for the index."""
    # PostgreSQL's text parser skips what follows a literal "<script>"; angle brackets in the
    # plain text become look-alikes so every word stays findable.
    text = unescape(strip_tags(html or "")).replace("<", "‹").replace(">", "›")
    return " ".join(text.split())
