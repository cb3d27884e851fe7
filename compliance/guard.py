"""The personal-data guard of the publishing checklist: what the public variant of a meeting
would show (open item texts, every title, the text of every open annex) is scanned before any
version goes out. A likely CPR number stops publishing until the annex is closed, replaced by a
redacted file, or the finding is marked as not personal data (with who and why). An annex with
layers its author turned off is named too: they go out with the file."""

import hashlib
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from compliance.models import PersonalDataDismissal
from compliance.person_search import field_label
from compliance.personal_data import Finding as Hit
from compliance.personal_data import blocks_publishing, scan
from kkr_portal.files import local_copy
from meetings import checklist
from meetings.models import AgendaItem
from search.extraction import hidden_layers_of_file
from search.models import AnnexText
from search.services import annex_text_extract


@dataclass(frozen=True)
class GuardFinding:
    hit: Hit
    item: str  # "2.4"
    where: str  # "Sagsfremstilling" or "Bilag 2 “Ansøgning”, side 3"
    fingerprint: str


def _fingerprint(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def _public_texts(item: AgendaItem, what: str):
    """(label, source key, text) of what the public variant shows of an item."""
    yield _("Titel"), f"item:{item.pk}:title", item.title
    if item.closed:
        return  # only number and title of a closed item are public
    for field in AgendaItem.TEXT_FIELDS:
        if field == "decision" and what != checklist.MINUTES:
            continue
        text = " ".join(strip_tags(getattr(item, field) or "").split())
        yield field_label(field), f"item:{item.pk}:{field}", text


def _annex_pages(annex) -> list[str]:
    record = AnnexText.objects.filter(sha256=annex.sha256).first()
    if record is None:
        # Not extracted yet (the worker is behind): read it now, the guard must not be skipped.
        record = annex_text_extract(annex_id=annex.pk)
    elif not record.every_layer and hidden_layers(annex, record):
        record = annex_text_extract(annex_id=annex.pk, again=True)
    return record.text.split("\f") if record is not None else []


def _public_annexes(item: AgendaItem):
    """(number, annex) of the annexes of an item that the public variant holds."""
    if item.closed:
        return
    annexes = sorted(item.annexes.all(), key=lambda a: (a.position, a.pk))
    for number, annex in enumerate(annexes, start=1):
        if not annex.closed and annex.sha256:
            yield number, annex


def meeting_findings(context: checklist.Context) -> list[GuardFinding]:
    found = []
    for item in context.items:
        for label, source, text in _public_texts(item, context.what):
            for hit in scan(text):
                key = _fingerprint(hit.kind, hit.match, source)
                found.append(GuardFinding(hit, item.derived_number, label, key))
        for number, annex in _public_annexes(item):
            for page, text in enumerate(_annex_pages(annex), start=1):
                for hit in scan(text):
                    where = _("Bilag %(n)s “%(title)s”, side %(page)s") % {
                        "n": number, "title": annex.title, "page": page}  # fmt: skip
                    key = _fingerprint(hit.kind, hit.match, annex.sha256, page)
                    found.append(GuardFinding(hit, item.derived_number, where, key))
    return found


def hidden_layers(annex, record: AnnexText | None = None) -> list[str]:
    """The names of an annex file's hidden layers, as read with its text (record, where the
    caller has it); for a text read before they were, or not read yet, from the file (and kept
    with the text)."""
    record = record or AnnexText.objects.filter(sha256=annex.sha256).first()
    if record is not None and record.hidden_layers is not None:
        return record.hidden_layers
    with local_copy(annex.file.name) as path:
        names = hidden_layers_of_file(path)
    if record is not None:
        AnnexText.objects.filter(pk=record.pk).update(hidden_layers=names)
    return names


def layer_list(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names[:5]) + (" …" if len(names) > 5 else "")


def check_hidden_layers(context: checklist.Context) -> list[checklist.Finding]:
    """A public annex with layers its author turned off: readers can turn them on (the guard
    reads their text too), so the secretariat is asked to look at them before publishing."""
    public = [(item, n, annex) for item in context.items for n, annex in _public_annexes(item)]
    checksums = {annex.sha256 for _item, _n, annex in public}
    texts = {text.sha256: text for text in AnnexText.objects.filter(sha256__in=checksums)}
    found = []
    for item, number, annex in public:
        names = hidden_layers(annex, texts.get(annex.sha256))
        if names:
            message = _(
                "Punkt %(item)s, bilag %(n)s “%(title)s” har lag, der er slået fra (%(layers)s). "
                "De følger med filen, og læserne kan slå dem til: se dem igennem, eller erstat "
                "bilaget med en fil uden dem."
            ) % {"item": item.derived_number, "n": number, "title": annex.title,
                 "layers": layer_list(names)}  # fmt: skip
            found.append(
                checklist.Finding(
                    f"hidden_layers_{annex.pk}", checklist.WARNING, message, item.derived_number
                )
            )
    return found


def check_personal_data(context: checklist.Context) -> list[checklist.Finding]:
    dismissed = set(
        PersonalDataDismissal.objects.filter(meeting=context.meeting).values_list(
            "fingerprint", flat=True
        )
    )
    results = []
    for found in meeting_findings(context):
        if found.fingerprint in dismissed:
            continue
        level = checklist.ERROR if blocks_publishing(found.hit) else checklist.WARNING
        message = _("Punkt %(n)s, %(where)s: %(label)s: %(context)s") % {
            "n": found.item, "where": found.where, "label": found.hit.label,
            "context": found.hit.context}  # fmt: skip
        url = reverse("compliance:personal_data_dismiss", args=[context.meeting.pk])
        results.append(
            checklist.Finding(
                f"personal_data_{found.fingerprint[:16]}",
                level,
                message,
                found.item,
                url=f"{url}?fund={found.fingerprint}&hvad={context.what}",
            )
        )
    return results
