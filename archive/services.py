"""Bringing in an old package as a published, read-only historical meeting, all or nothing."""

import datetime
import io
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import pikepdf
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import contents
from archive.contents import ContentsError, ItemEntry
from archive.models import ImportedPackage
from meetings import services, signals
from meetings import snapshot as package_snapshot
from meetings.models import AgendaItem, AgendaSection, Body, Meeting, PackageVersion
from meetings.publishing.jobs import document_store

CPH = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class SourcePdf:
    name: str
    data: bytes


@dataclass(frozen=True)
class PlannedAnnex:
    item: str
    number: int
    title: str
    data: bytes
    pages: int
    closed: bool = False


def _page_count(data: bytes) -> int:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as error:
        raise ContentsError(
            [_("Filen kan ikke læses som PDF: %(error)s") % {"error": error}]
        ) from None


def _split(bundle: bytes, items: list[ItemEntry]) -> list[PlannedAnnex]:
    planned = []
    with pikepdf.open(io.BytesIO(bundle)) as pdf:
        for item in items:
            for annex in item.annexes:
                part = pikepdf.new()
                for page in annex.pages:
                    part.pages.append(pdf.pages[page - 1])
                out = io.BytesIO()
                part.save(out)
                planned.append(
                    PlannedAnnex(
                        item.number, annex.number, annex.title, out.getvalue(), len(annex.pages)
                    )
                )
    return planned


def package_read(*, agenda: SourcePdf, bundle: SourcePdf):
    """(agenda contents, annexes to create) of an old package, or ContentsError with reasons."""
    agenda_contents = contents.agenda_contents(contents.pdf_bytes_page_texts(agenda.data))
    total = _page_count(bundle.data)
    layout_pages = contents.pdf_bytes_page_texts(bundle.data, layout=True)
    items = contents.bundle_contents(layout_pages, total_pages=total)
    contents.mark_dividers(items, layout_pages)
    known = {row.number for row in agenda_contents.items}
    missing = [item.number for item in items if item.number not in known]
    if missing:
        raise ContentsError(
            [
                _("Punkt %(item)s står i bilagssamlingen, men ikke i dagsordenen.") % {"item": n}
                for n in missing
            ]
        )
    empty = [
        _("Bilag %(annex)s til punkt %(item)s har ingen sider.")
        % {"annex": annex.number, "item": item.number}
        for item in items
        for annex in item.annexes
        if not len(annex.pages)
    ]
    if empty:
        raise ContentsError(empty)
    return agenda_contents, _split(bundle.data, items)


def _meeting_start(agenda_contents, date: datetime.date | None) -> datetime.datetime:
    start = agenda_contents.start
    if date is not None and (start is None or start.date() != date):
        start = datetime.datetime.combine(date, start.time() if start else datetime.time(0, 0))
    if start is None:
        raise ContentsError(
            [_("Dagsordenen har ingen dato (»Dato: 22-09-2023 09:45«); angiv datoen.")]
        )
    return start.replace(tzinfo=CPH)


def package_import(
    *,
    body: Body,
    agenda: SourcePdf,
    bundle: SourcePdf,
    minutes: SourcePdf | None = None,
    date: datetime.date | None = None,
    closed_annexes: frozenset[tuple[str, int]] = frozenset(),
    user=None,
) -> ImportedPackage:
    """Create a published historical meeting from an old agenda and annex bundle (and minutes):
    everything in one transaction, and files stored only when all of it succeeds.

    A members' package does not say which annexes of an open item were closed; they are named
    in closed_annexes as (item number, annex number)."""
    agenda_contents, annexes = package_read(agenda=agenda, bundle=bundle)
    start = _meeting_start(agenda_contents, date)
    if Meeting.objects.filter(body=body, start=start).exists():
        raise ContentsError(
            [
                _("Der findes allerede et møde i %(body)s %(start)s.")
                % {"body": body.name, "start": f"{start:%d.%m.%Y %H:%M}"}
            ]
        )
    unknown = closed_annexes - {(a.item, a.number) for a in annexes}
    if unknown:
        raise ContentsError(
            [
                _("Bilag %(annex)s til punkt %(item)s findes ikke i bilagssamlingen.")
                % {"annex": annex, "item": item}
                for item, annex in sorted(unknown)
            ]
        )
    annexes = [replace(a, closed=(a.item, a.number) in closed_annexes) for a in annexes]
    decisions = _minutes_decisions(minutes) if minutes else {}
    stored: list[str] = []
    try:
        with transaction.atomic():
            imported = _create(
                body, start, agenda_contents, annexes, (agenda, bundle, minutes), decisions,
                user, stored,
            )  # fmt: skip
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return imported


def _minutes_decisions(minutes: SourcePdf) -> dict[str, str]:
    """Each item's Beslutning from the minutes, which read like the agenda."""
    try:
        rows = contents.agenda_contents(contents.pdf_bytes_page_texts(minutes.data)).items
    except ContentsError as error:
        raise ContentsError([_("Referatet: %(p)s") % {"p": p} for p in error.problems]) from None
    return {row.number: row.texts["decision"] for row in rows if row.texts.get("decision")}


def _create(body, start, agenda_contents, annexes, sources, decisions, user, stored):
    agenda, bundle, minutes = sources
    meeting = services.meeting_save(
        meeting=Meeting(body=body, start=start, location=agenda_contents.location[:300])
    )
    sections, items = {}, {}
    for row in agenda_contents.items:
        section_number, position = (int(part) for part in row.number.split("."))
        if section_number not in sections:
            sections[section_number] = AgendaSection.objects.create(
                meeting=meeting,
                position=section_number,
                title=agenda_contents.sections.get(section_number, "")[:300]
                or _("Afsnit %(n)s") % {"n": section_number},
            )
        items[row.number] = AgendaItem.objects.create(
            section=sections[section_number],
            position=position,
            title=row.title[:500],
            case_number=row.case_number[:40],
            initials=row.initials[:40],
            closed=row.closed,
            **{field: text for field, text in row.texts.items() if field != "decision"},
            decision=decisions.get(row.number, ""),
        )
    for planned in annexes:
        item = items[planned.item]
        upload = SimpleUploadedFile(f"{planned.title[:120]}.pdf", planned.data, "application/pdf")
        annex = services.annex_create(
            item=item,
            uploaded=upload,
            title=planned.title[:300],
            closed=item.closed or planned.closed,
        )
        stored.append(annex.file.name)
        if annex.page_count != planned.pages:
            raise ValidationError(
                _("Bilag %(n)s til punkt %(item)s mistede sider.")
                % {"n": planned.number, "item": planned.item}
            )
    version = PackageVersion.objects.create(
        meeting=meeting,
        number=1,
        snapshot=package_snapshot.meeting_snapshot(meeting=meeting),
        includes_decisions=minutes is not None,
        published_by=user if user is not None and user.is_authenticated else None,
    )
    # The originals as they were: the public variants only when nothing in them is closed.
    closed = any(i.closed for i in items.values()) or any(a.closed for a in annexes)
    variants = ["medlemmer"] + ([] if closed else ["offentlig"])
    documents = [("dagsorden", agenda), ("bilag", bundle)] + (
        [("referat", minutes)] if minutes else []
    )
    for kind, source in documents:
        for variant in variants:
            document = document_store(version=version, kind=kind, variant=variant, data=source.data)
            stored.append(document.file.name)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.PUBLISHED, updated=timezone.now()
    )
    imported = ImportedPackage.objects.create(
        meeting=meeting,
        agenda_name=agenda.name[:300],
        bundle_name=bundle.name[:300],
        minutes_name=minutes.name[:300] if minutes else "",
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(
        lambda: signals.version_published.send(sender=PackageVersion, version_id=version.pk)
    )
    return imported
