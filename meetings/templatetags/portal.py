from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.text import format_bytes, format_number

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
def filesize(size):
    return format_bytes(int(size or 0))


@register.filter
def number(value, decimals=0):
    return format_number(value, int(decimals))


CHANGE_TEXTS = {
    "item_added": gettext_lazy("Punkt %(number)s %(title)s er tilføjet."),
    "item_removed": gettext_lazy("Punkt %(number)s %(title)s er fjernet."),
    "item_moved": gettext_lazy("Punkt %(old_number)s %(title)s er flyttet til %(number)s."),
    "item_retitled": gettext_lazy("Punkt %(number)s har fået ny titel: %(title)s."),
    "text_changed": gettext_lazy("Teksten i punkt %(number)s %(title)s er ændret."),
    "annex_added": gettext_lazy("Bilag %(annex)s til punkt %(number)s er tilføjet: %(title)s."),
    "annex_replaced": gettext_lazy("Bilag %(annex)s til punkt %(number)s er udskiftet: %(title)s."),
    "annex_removed": gettext_lazy("Bilag %(annex)s til punkt %(number)s er fjernet."),
}


@register.simple_tag
def change_text(change):
    """One line of the change summary between two versions; a closed annex is not named."""
    if change.get("closed"):
        change = {**change, "title": _("lukket bilag")}
    text = CHANGE_TEXTS.get(change["kind"])
    return text % change if text else change["kind"]


@register.simple_tag
def percent(fraction, decimals=1):
    return f"{format_number(Decimal(fraction) * 100, decimals)} %"


@register.simple_tag
def derived_value(row, name):
    return format_number(row.derived[name], 1)
