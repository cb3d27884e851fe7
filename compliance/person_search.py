"""Search for one person (a request for access, GDPR art. 15): every place a name, CPR number or
e-mail address stands, in drafts, every published version and every annex, closed content
included. Only the secretariat may run it."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, Annex, PackageVersion
from meetings.package import Item, Package
from search.models import AnnexText
from search.text import plain

CONTEXT_CHARS = 60


def field_label(field: str) -> str:
    """The Danish heading of an item text (Baggrund, Indstilling …): the model's own label."""
    return str(AgendaItem._meta.get_field(field).verbose_name)


@dataclass(frozen=True)
class Place:
    meeting_id: int
    meeting: str
    where: str  # "Kladde" or "Version 2"
    item: str  # "2.4 Udpegninger"
    part: str  # "Sagsfremstilling", "Titel" or "Bilag 1: Ansøgning"
    closed: bool
    context: str


def matcher(query: str) -> re.Pattern | None:
    """A CPR number matches with or without its dash; words match across any white space."""
    query = " ".join(query.split())
    digits = re.sub(r"[\s-]", "", query)
    if len(digits) == 10 and digits.isdigit():
        return re.compile(rf"(?<!\d){digits[:6]}[\s-]?{digits[6:]}(?!\d)")
    if len(query) < 3:
        return None
    words = [re.escape(word) for word in query.split(" ")]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def _prefilter(query: str) -> Q:
    """A cheap database condition that every annex text holding the query meets."""
    digits = re.sub(r"[\s-]", "", query)
    if len(digits) == 10 and digits.isdigit():
        head, tail = digits[:6], digits[6:]
        return (
            Q(text__contains=digits)
            | Q(text__contains=f"{head}-{tail}")
            | Q(text__contains=f"{head} {tail}")
        )
    return Q(text__icontains=query.split()[0])


def _contexts(pattern: re.Pattern, text: str):
    for match in pattern.finditer(text):
        start, end = max(0, match.start() - CONTEXT_CHARS), match.end() + CONTEXT_CHARS
        yield ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


@dataclass(frozen=True)
class DraftItem:
    """What the search reads of a draft item: the names a frozen `Item` has."""

    number: str
    title: str
    closed: bool
    texts: dict[str, str]


def _item_places(pattern, *, meeting_id, meeting, where, item: Item | DraftItem):
    label = f"{item.number} {item.title}"
    parts = [(_("Titel"), item.title)]
    parts += [(field_label(field), plain(html)) for field, html in item.texts.items()]
    for part, text in parts:
        for context in _contexts(pattern, text):
            yield Place(meeting_id, meeting, where, label, part, item.closed, context)


def _draft_items():
    items = AgendaItem.objects.select_related("section__meeting__body").order_by(
        "section__meeting__start", "section__position", "position"
    )
    for item in items:
        yield (
            item.section.meeting,
            DraftItem(
                number=item.number,
                title=item.title,
                closed=item.closed,
                texts={field: getattr(item, field) for field in AgendaItem.TEXT_FIELDS},
            ),
        )


def person_search(query: str) -> list[Place]:
    """Every place the query stands, drafts first, then each version, then annex texts."""
    pattern = matcher(query)
    if pattern is None:
        return []
    places: list[Place] = []
    annex_places: dict[str, set] = {}
    for meeting, item in _draft_items():
        places += _item_places(
            pattern, meeting_id=meeting.pk, meeting=str(meeting), where=_("Kladde"), item=item
        )
    draft_annexes = Annex.objects.select_related("item__section__meeting")
    for annex in draft_annexes:
        meeting = annex.item.section.meeting
        annex_places.setdefault(annex.sha256, set()).add(
            (meeting.pk, str(meeting), _("Kladde"), f"{annex.item.number} {annex.item.title}",
             annex.title, annex.closed or annex.item.closed)
        )  # fmt: skip
    versions = PackageVersion.objects.select_related("meeting__body").order_by(
        "meeting__start", "number"
    )
    for version in versions.iterator(chunk_size=50):
        where = _("Version %(n)s") % {"n": version.number}
        meeting = str(version.meeting)
        # The whole frozen package, closed content included: the search is the secretariat's.
        for item in Package.from_json(version.snapshot).items():
            places += _item_places(
                pattern, meeting_id=version.meeting_id, meeting=meeting, where=where, item=item
            )
            for annex in item.annexes:
                annex_places.setdefault(annex.sha256, set()).add(
                    (version.meeting_id, meeting, where, f"{item.number} {item.title}",
                     annex.title, annex.closed)
                )  # fmt: skip
    candidates = AnnexText.objects.filter(_prefilter(query), sha256__in=annex_places)
    texts = dict(candidates.values_list("sha256", "text"))
    for sha256, where_found in annex_places.items():
        contexts = list(_contexts(pattern, texts.get(sha256, "")))
        for meeting_id, meeting, where, item, title, closed in sorted(where_found):
            part = _("Bilag: %(title)s") % {"title": title}
            found = ([title] if pattern.search(title) else []) + contexts
            places += [Place(meeting_id, meeting, where, item, part, closed, c) for c in found]
    return places
