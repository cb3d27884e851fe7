"""The agenda as an outline: its order, KKR's standard sections and reuse of earlier agendas.

Numbers are never typed: they follow from the order of sections and items, and every change of
order goes through ``agenda_outline_apply``."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.locking import lock_claim
from meetings.models import AgendaItem, AgendaSection, Annex, Meeting

# KKR's standard agenda (seed 003): five numbered sections and the items that stand on every
# agenda. Texts are the secretariat's usual wording and are edited per meeting.
STANDARD_AGENDA = (
    (
        "Godkendelse af referat",
        (
            ("Godkendelse af dagsorden", "<p>Det indstilles, at dagsordenen godkendes.</p>"),
            ("Godkendelse af referat", "<p>Det indstilles, at referatet godkendes.</p>"),
        ),
    ),
    ("Regionalpolitiske sager", ()),
    ("Siden sidst", (("Siden sidst", "<p>Det indstilles, at orienteringen tages til efterretning.</p>"),)),
    ("Punkter til næste møde", (("Punkter til næste møde", ""),)),
    ("Eventuelt", ()),
)  # fmt: skip


@dataclass
class OutlineItem:
    pk: int
    title: str
    number: str
    closed: bool
    annexes: int
    has_recommendation: bool
    has_decision: bool


@dataclass
class OutlineSection:
    pk: int
    number: int
    title: str
    items: list[OutlineItem] = field(default_factory=list)


def agenda_outline(*, meeting: Meeting) -> list[OutlineSection]:
    """Sections and items with derived numbers, in two queries, for the builder."""
    sections = [
        OutlineSection(pk=section.pk, number=index, title=section.title)
        for index, section in enumerate(meeting.sections.order_by("position", "pk"), start=1)
    ]
    by_pk = {section.pk: section for section in sections}
    items = (
        AgendaItem.objects.filter(section__meeting=meeting)
        .order_by("position", "pk")
        .annotate(n_annexes=Count("annexes"))
        .only("pk", "title", "closed", "section_id", "recommendation", "decision")
    )
    for item in items:
        section = by_pk[item.section_id]
        section.items.append(
            OutlineItem(
                pk=item.pk,
                title=item.title,
                number=f"{section.number}.{len(section.items) + 1}",
                closed=item.closed,
                annexes=item.n_annexes,
                has_recommendation=bool(item.recommendation.strip()),
                has_decision=bool(item.decision.strip()),
            )
        )
    return sections


def outline_parse(data) -> list[dict]:
    """Check the builder's outline (sections in order, each with a title and its item ids)."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise ValidationError(_("Dagsordenens rækkefølge kunne ikke læses. Genindlæs siden."))
    sections = []
    for entry in data["sections"]:
        title = " ".join(str(entry.get("title", "")).split()) if isinstance(entry, dict) else ""
        if not title:
            raise ValidationError(_("Hvert afsnit skal have en overskrift."), code="title")
        pk = entry.get("id")
        items = entry.get("items", [])
        if (pk is not None and not isinstance(pk, int)) or not all(
            isinstance(i, int) for i in items
        ):
            raise ValidationError(_("Dagsordenens rækkefølge kunne ikke læses. Genindlæs siden."))
        sections.append({"id": pk, "title": title[:300], "items": items})
    return sections


@transaction.atomic
def agenda_outline_apply(*, meeting: Meeting, sections: list[dict]) -> None:
    """Give sections and items the order of the outline, create and rename sections, and remove
    empty sections left out of it. Items the outline does not know (added in another window
    meanwhile) keep their section and go last in it, so nothing is lost."""
    existing = {s.pk: s for s in meeting.sections.select_for_update()}
    items = {
        item.pk: item
        for item in AgendaItem.objects.filter(section__meeting=meeting).select_for_update()
    }
    placed = set()
    kept = []
    for index, entry in enumerate(sections, start=1):
        section = existing.get(entry["id"]) if entry["id"] is not None else None
        if section is None:
            section = AgendaSection(meeting=meeting)
        if (section.pk is None, section.position, section.title) != (False, index, entry["title"]):
            section.position, section.title = index, entry["title"]
            section.save()
        kept.append(section)
        for position, item_pk in enumerate(entry["items"], start=1):
            item = items.get(item_pk)
            if item is None or item_pk in placed:
                continue
            placed.add(item_pk)
            if (item.section_id, item.position) != (section.pk, position):
                item.section, item.position = section, position
                item.save(update_fields=["section", "position"])
    kept_pks = {s.pk for s in kept}
    for pk, section in existing.items():
        if pk in kept_pks:
            continue
        if any(i.section_id == pk and i.pk not in placed for i in items.values()):
            section.position = len(kept) + 1
            section.save(update_fields=["position"])
            kept.append(section)
        else:
            section.delete()
    for section in kept:
        _append_unplaced(section, [i for i in items.values() if i.pk not in placed])


def _append_unplaced(section, unplaced):
    last = section.items.exclude(pk__in=[i.pk for i in unplaced]).aggregate(n=Max("position"))
    position = last["n"] or 0
    for item in sorted(unplaced, key=lambda i: (i.position, i.pk)):
        if item.section_id == section.pk:
            position += 1
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def agenda_standard_create(*, meeting: Meeting) -> None:
    """Start an empty agenda with KKR's five standard sections and the standing items."""
    if meeting.sections.exists():
        return
    for number, (title, standing) in enumerate(STANDARD_AGENDA, start=1):
        section = AgendaSection.objects.create(meeting=meeting, position=number, title=title)
        for position, (item_title, recommendation) in enumerate(standing, start=1):
            AgendaItem.objects.create(
                section=section, position=position, title=item_title, recommendation=recommendation
            )


def item_next_position(section: AgendaSection) -> int:
    return (section.items.aggregate(n=Max("position"))["n"] or 0) + 1


@transaction.atomic
def item_copy(*, item: AgendaItem, section: AgendaSection, with_annexes: bool = True) -> AgendaItem:
    """Copy an item (texts, not its decision) to the end of a section, with its annexes."""
    # Every field of the item travels, except its place and what belongs to its meeting's
    # minutes (decisions).
    values = {
        field.attname: getattr(item, field.attname)
        for field in AgendaItem._meta.concrete_fields
        if field.name not in {"id", "section", "position"} and "decision" not in field.name
    }
    copy = AgendaItem.objects.create(
        section=section, position=item_next_position(section), **values
    )
    if with_annexes:
        # Annex files are content-addressed and never overwritten, so the copy can share them,
        # and with them all that was read from them (pages, signatures).
        for annex in item.annexes.order_by("position", "pk"):
            Annex.objects.create(
                item=copy,
                **{
                    field.attname: getattr(annex, field.attname)
                    for field in Annex._meta.concrete_fields
                    if field.name not in {"id", "uid", "item"}
                },
            )
    return copy


@transaction.atomic
def item_copy_to(*, item: AgendaItem, section: AgendaSection, with_annexes: bool = True):
    """Copy an item to the end of a section of another meeting, under that meeting's lock: it
    moves on, so a page of that meeting opened before is told of the new item when it saves."""
    lock_claim(meeting_id=section.meeting_id, token=None)
    return item_copy(item=item, section=section, with_annexes=with_annexes)


def meetings_in_preparation(*, besides: Meeting | None = None):
    """Meetings whose agenda is still being prepared: not begun yet and not cancelled, soonest
    first, each with its sections in order."""
    meetings = Meeting.objects.filter(start__gt=timezone.now(), cancelled=False)
    if besides is not None:
        meetings = meetings.exclude(pk=besides.pk)
    sections = AgendaSection.objects.order_by("position", "pk")
    return (
        meetings.select_related("body")
        .prefetch_related(Prefetch("sections", queryset=sections))
        .order_by("start", "pk")
    )


@transaction.atomic
def agenda_copy(*, source: Meeting, target: Meeting, with_annexes: bool = False) -> int:
    """Append the sections and items of an earlier meeting to this one; returns items copied.
    A section whose title the target already has receives the items; others are added. The
    target's lock moves on."""
    lock_claim(meeting_id=target.pk, token=None)
    by_title = {s.title: s for s in target.sections.all()}
    next_position = (target.sections.aggregate(n=Max("position"))["n"] or 0) + 1
    copied = 0
    for section in source.sections.order_by("position", "pk"):
        into = by_title.get(section.title)
        if into is None:
            into = AgendaSection.objects.create(
                meeting=target, position=next_position, title=section.title
            )
            next_position += 1
            by_title[section.title] = into
        for item in section.items.order_by("position", "pk"):
            item_copy(item=item, section=into, with_annexes=with_annexes)
            copied += 1
    return copied


def earlier_meetings(*, meeting: Meeting):
    """Meetings of the same body whose agenda can be copied (newest first)."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id)
        .exclude(pk=meeting.pk)
        .annotate(n_items=Count("sections__items"))
        .filter(~Q(n_items=0))
        .select_related("body")
        .order_by("-start")[:20]
    )


def annex_next_position(item: AgendaItem) -> int:
    return (item.annexes.aggregate(n=Max("position"))["n"] or 0) + 1


def annexes_renumber(*, item: AgendaItem) -> None:
    """Annex numbers restart per item and run 1, 2, 3 … in their order."""
    for number, pk in enumerate(
        item.annexes.order_by("position", "pk").values_list("pk", flat=True), start=1
    ):
        Annex.objects.filter(pk=pk).exclude(position=number).update(position=number)


def item_save(*, item: AgendaItem, moved: bool) -> AgendaItem:
    """Save an item; a new item, or one moved to another section, goes last in its section."""
    with transaction.atomic():
        if moved:
            item.position = item_next_position(item.section)
        item.save()
        if moved:
            agenda_items_renumber(meeting=item.section.meeting)
    return item


def agenda_items_renumber(*, meeting: Meeting) -> None:
    """Close the gaps an item leaves when it moves or is deleted."""
    for section in meeting.sections.all():
        pks = section.items.order_by("position", "pk").values_list("pk", flat=True)
        for number, pk in enumerate(pks, start=1):
            AgendaItem.objects.filter(pk=pk).exclude(position=number).update(position=number)


@transaction.atomic
def item_delete(*, item: AgendaItem) -> None:
    """Delete an item; the items after it move up a number."""
    meeting = item.section.meeting
    item.delete()
    agenda_items_renumber(meeting=meeting)
