"""Server-side sanitising of the rich text the secretariat writes or pastes (e.g. from Word)."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sup", "sub", "ul", "ol", "li", "a",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "h3", "h4", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


def sanitize_html(html: str) -> str:
    """Keep structure (lists, tables, emphasis, links); drop scripts, styles, classes and events."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style", "xml", "o:p"} - {"o:p"},
    ).strip()
