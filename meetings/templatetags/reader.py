"""Template helpers for the reader pages: subscription addresses."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def webcal_url(context, name, *args):
    """The calendar address with the webcal scheme, so a tap opens the calendar app's
    subscription dialogue instead of downloading a file."""
    request = context["request"]
    return f"webcal://{request.get_host()}{reverse(name, args=args)}"


@register.simple_tag(takes_context=True)
def absolute_url(context, name, *args):
    return context["request"].build_absolute_uri(reverse(name, args=args))


@register.filter
def bundle_page_url(links, annex_uid):
    """The bundle opened at the annex's first page (`#page=`), or "" while there is no bundle."""
    return links.url(annex_uid) if links else ""


@register.simple_tag
def version_history(versions):
    from meetings.reader_pages import version_summaries

    return version_summaries(versions)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
