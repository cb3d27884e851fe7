"""A municipality login's own parts of the reader pages (personal parts, meetings/personal_shell.py):
its municipality's open cases above the meeting list, and its case-system pack of the meeting
on the meeting page."""

from django import template

from meetings.models import Municipality
from municipalities import selectors
from municipalities.rules import municipality_id_of

register = template.Library()


def _own_municipality(context) -> Municipality | None:
    own = municipality_id_of(context["request"].user)
    return Municipality.objects.filter(pk=own).first() if own is not None else None


# The open cases named one by one above the meeting list; more are counted, and listed on the
# municipality's own page.
CASES_NAMED = 5


@register.inclusion_tag("municipalities/_own_cases.html", takes_context=True)
def own_cases(context):
    """What the login's municipality still has to treat: how many cases and how many overdue,
    and the first of them (overdue first, then by deadline), each named as published."""
    municipality = _own_municipality(context)
    if municipality is None:
        return {"municipality": None}
    rows = selectors.treatments_of_municipality(municipality, user=context["request"].user)
    open_rows = [row for row in rows if row.is_open]
    named = []
    for row in open_rows[:CASES_NAMED]:
        row.decision = selectors.published_decision(row.referral.item)
        if row.decision is not None:
            named.append(row)
    return {
        "municipality": municipality,
        "open": len(open_rows),
        "overdue": sum(1 for row in open_rows if row.overdue),
        "cases": named,
        "more": len(open_rows) - len(named),
    }


@register.inclusion_tag("municipalities/_meeting_pack.html", takes_context=True)
def own_pack(context, package):
    """The meeting's pack for the login's municipality's case system (the latest version's)."""
    if package.version is None or not package.is_latest:
        return {"municipality": None}
    return {"municipality": _own_municipality(context), "meeting": package.meeting}
