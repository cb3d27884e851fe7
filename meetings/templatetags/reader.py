"""Template helpers for the reader pages: calendar addresses, links into the bundle, the
versions' history, dates in the reader's language and tables that scroll in their own box."""

from django import template
from django.template.base import token_kwargs
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from meetings.reader_pages import version_summaries
from meetings.text import format_date, signed_by

register = template.Library()


@register.simple_tag(takes_context=True)
def webcal_url(context, name, *args):
    """The calendar address with the webcal scheme, so a tap opens the calendar app's
    subscription dialogue instead of downloading a file."""
    request = context.get("request")
    if request is None:  # a page rendered without a request (an error page): the plain address
        return reverse(name, args=args)
    return f"webcal://{request.get_host()}{reverse(name, args=args)}"


@register.filter
def bundle_page_url(links, annex_uid):
    """The bundle opened at the annex's first page (`#page=`), or "" while there is no bundle."""
    return links.url(annex_uid) if links else ""


@register.simple_tag
def version_history(versions):
    return version_summaries(versions)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def when(value, style="day"):
    return format_date(value, style)


@register.filter
def signers(annex):
    """Who signed an annex digitally (text.signed_by)."""
    return signed_by(annex.signatures, annex.signers)


def _scroll_box(label, extra=""):
    """The opening of a wide table's frame: a keyboard-reachable region that scrolls sideways,
    so a wide table never widens the page on a phone."""
    return format_html(
        '<div class="table-scroll" tabindex="0" role="region" aria-label="{}"{}>',
        label or gettext("Tabel – kan rulles vandret"),
        extra,
    )


@register.filter
def scrollable_tables(html):
    """Each table of an item's (already sanitised) text in its own scroll frame."""
    box = _scroll_box(None) + "<table"
    return mark_safe(str(html).replace("<table", box).replace("</table>", "</table></div>"))


class ScrollableNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist, self.options = nodelist, options

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        extra = mark_safe(" data-scroll-end") if options.get("from_end") else ""
        opening = _scroll_box(options.get("label"), extra)
        return opening + self.nodelist.render(context) + mark_safe("</div>")


@register.tag
def scrollable(parser, token):
    """`{% scrollable [label=…] [from_end=True] %}<table>…{% endscrollable %}`: a wide table in
    its scroll frame; `from_end` opens it scrolled to its last columns (the newest period)."""
    bits = token.split_contents()[1:]
    options = token_kwargs(bits, parser)  # takes the keyword arguments off `bits`
    if bits or set(options) - {"label", "from_end"}:
        raise template.TemplateSyntaxError("{% scrollable %} takes label=… and from_end=… only")
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(nodelist, options)
