from django import template
from django.utils.translation import gettext as _

from meetings.text import format_bytes, format_danish_number

register = template.Library()

SECTION_LABELS = (
    ("background", "Baggrund"),
    ("recommendation", "Indstilling"),
    ("presentation", "Sagsfremstilling"),
    ("decision", "Beslutning"),
)


@register.simple_tag
def item_sections(item):
    """The item's (`meetings.package.Item`) non-empty text sections in agenda order, with their
    Danish headings."""
    texts = item.texts
    return [(_(label), texts[field]) for field, label in SECTION_LABELS if texts.get(field)]


@register.filter
def filesize_da(size):
    return format_bytes(int(size or 0))


@register.filter
def number_da(value, decimals=0):
    return format_danish_number(value, int(decimals))


@register.simple_tag
def change_text(change):
    kind = change["kind"]
    if change.get("closed"):
        change = {**change, "title": _("lukket bilag")}
    if kind == "item_added":
        return _("Punkt %(number)s %(title)s er tilføjet.") % change
    if kind == "item_removed":
        return _("Punkt %(number)s %(title)s er fjernet.") % change
    if kind == "item_moved":
        return _("Punkt %(old_number)s %(title)s er flyttet til %(number)s.") % change
    if kind == "item_retitled":
        return _("Punkt %(number)s har fået ny titel: %(title)s.") % change
    if kind == "text_changed":
        return _("Teksten i punkt %(number)s %(title)s er ændret.") % change
    if kind == "annex_added":
        return _("Bilag %(annex)s til punkt %(number)s er tilføjet: %(title)s.") % change
    if kind == "annex_replaced":
        return _("Bilag %(annex)s til punkt %(number)s er udskiftet: %(title)s.") % change
    if kind == "annex_removed":
        return _("Bilag %(annex)s til punkt %(number)s er fjernet.") % change
    return kind


@register.simple_tag
def percent_da(fraction, decimals=1):
    from decimal import Decimal

    return f"{format_danish_number(Decimal(fraction) * 100, decimals)} %"


@register.simple_tag
def derived_value(row, name):
    return format_danish_number(row.derived[name], 1)
