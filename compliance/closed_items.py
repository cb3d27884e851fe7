"""Checks of closed items before publishing. The supervisory authority has said that a closed
item shown only as "Lukket punkt" or with a generic label such as "Personsag" does not tell the
public what was decided on: a closed item needs a reason and a public title that says what it
is about."""

from django.utils.translation import gettext as _

from meetings import checklist

# Labels that say nothing about what a closed item concerns.
GENERIC_TITLES = {
    "lukket punkt", "lukket sag", "personsag", "personalesag", "fortrolig", "fortroligt",
    "fortrolig sag", "lukket", "eventuelt lukket", "sag", "orientering", "diverse",
}  # fmt: skip


def _plain(text: str) -> str:
    return " ".join(text.lower().strip(" .:-–").split())


def check_closed_items(context: checklist.Context) -> list[checklist.Finding]:
    found = []
    for item in context.items:
        if not item.closed:
            continue
        number = item.derived_number
        reason = item.closure_reason
        if reason is None:
            found.append(checklist.Finding(
                "closed_no_reason", checklist.ERROR,
                _("Punkt %(n)s er lukket uden en begrundelse for lukningen.") % {"n": number},
                number,
            ))  # fmt: skip
        public = _plain(item.public_title)
        if not public:
            message = _(
                "Punkt %(n)s er lukket uden en offentlig titel; offentligheden ser “%(title)s”."
            )
            found.append(checklist.Finding("closed_no_public_title", checklist.WARNING,
                                           message % {"n": number, "title": item.title}, number))  # fmt: skip
        elif public in GENERIC_TITLES or (reason is not None and public == _plain(reason.name)):
            message = _(
                "Punkt %(n)s: den offentlige titel “%(title)s” siger ikke, hvad punktet handler om."
            )
            found.append(checklist.Finding("closed_generic_title", checklist.WARNING,
                                           message % {"n": number, "title": item.public_title},
                                           number))  # fmt: skip
        if context.what == checklist.MINUTES and not _plain(item.public_decision):
            message = _("Punkt %(n)s er lukket og har ingen offentlig beslutning til referatet.")
            found.append(checklist.Finding("closed_no_public_decision", checklist.WARNING,
                                           message % {"n": number}, number))  # fmt: skip
    return found
