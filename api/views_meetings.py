"""A meeting and its own objects as OParl (Meeting, Location, AgendaItem, File): readable
exactly when the meeting's package is, for the login that asks (meetings/visibility.py)."""

import datetime
from dataclasses import dataclass
from functools import partial

from django.db.models import OuterRef, Subquery
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from api import oparl, pages
from api.filters import MeetingFilter
from meetings import selectors, visibility
from meetings.models import Meeting, VersionDocument
from municipalities import selectors as followup


def _left_public_for(user):
    """The meetings this login gets as deleted, annotated as the meeting list's rows are."""
    if visibility.audience_of(user).sees_closed:
        return Meeting.objects.none()
    retired = visibility.retired_from_public().values("pk")
    return _with_first_publication(visibility.published_meetings().filter(pk__in=retired))


def _deleted_meeting(urls, meeting) -> dict:
    """A meeting that has left the public site, as OParl marks a deleted object: first published,
    and modified when readers lost it."""
    return oparl.deleted(
        urls.meeting(meeting.pk),
        "Meeting",
        created=meeting.first_published_at,
        modified=oparl.meeting_deleted_at(meeting),
    )


def _with_first_publication(meetings):
    first = visibility.readable_versions().filter(meeting=OuterRef("pk")).order_by("number")
    return meetings.annotate(first_published_at=Subquery(first.values("published_at")[:1]))


@require_GET
def meetings(request):
    # The API serves published, not withdrawn versions only, for every role; a package that has
    # left the public site is listed as deleted for the public.
    queryset = _with_first_publication(visibility.published_meetings()).order_by("-start", "pk")
    urls, left_public = oparl.Urls(request), list(_left_public_for(request.user))
    retired = {meeting.pk for meeting in left_public}

    def serialise(row):
        if row.pk in retired:
            return _deleted_meeting(urls, row)
        summary = oparl.meeting_summary(
            urls,
            row,
            visibility.facts(row),
            created=row.first_published_at,
            modified=row.latest_published_at,
        )
        return {**summary, "version": row.latest_version}

    filters = partial(MeetingFilter, left_public=left_public)
    return pages.filtered(request, filters, queryset, serialise)


def _reader(request, pk):
    """The package this login reads, or the answer to give instead."""
    try:
        reader = selectors.reader_package(meeting_id=pk, user=request.user)
    except Http404:
        meeting = _left_public_for(request.user).filter(pk=pk).first()
        if meeting is not None:
            return None, JsonResponse(_deleted_meeting(oparl.Urls(request), meeting))
        return None, pages.error(404, "mødet findes ikke")
    if reader.version is None or reader.withdrawn:
        return None, pages.error(404, "mødet er ikke offentliggjort")
    return reader, None


def _documents(request, reader) -> dict[tuple[str, str], VersionDocument]:
    return {(d.kind, d.variant): d for d in selectors.documents_for(reader, user=request.user)}


def _bundles(reader, documents) -> list[tuple[VersionDocument, set[str]]]:
    """The bundles this login may fetch, each with the annexes whose pages it holds: the
    members' bundle every annex, the public one those the public may read (the rest are
    stubs)."""
    found = []
    for (kind, variant), document in documents.items():
        if kind != VersionDocument.Kind.BUNDLE:
            continue
        audience = (
            visibility.Audience.MEMBERS
            if variant == VersionDocument.Variant.MEMBERS
            else visibility.Audience.PUBLIC
        )
        package = visibility.typed_package_for(reader.version, audience=audience)
        uids = {a.uid for item in package.items() for a in item.annexes if a.visible}
        found.append((document, uids))
    return found


def _preferred(documents: dict, kind: str):
    """The fullest variant of a document among those this login may read."""
    for variant in (VersionDocument.Variant.MEMBERS, VersionDocument.Variant.PUBLIC):
        if (kind, variant) in documents:
            return documents[(kind, variant)]
    return None


@dataclass(frozen=True)
class ItemLinks:
    """What the items of one package link to beyond themselves, for one login."""

    retired_annexes: frozenset[str]  # uids of annexes retention took off the public site
    annexes_left_at: datetime.datetime | None  # when they left it
    referred_items: frozenset[int]  # items with Consultations this login may read


def _item_links(request, reader) -> ItemLinks:
    retired = visibility.retired_annexes(
        visibility.frozen_package(reader.version), reader.meeting, reader.audience
    )
    rows = followup.consultations(user=request.user).filter(
        referral__item__section__meeting_id=reader.meeting.pk
    )
    return ItemLinks(
        retired_annexes=retired,
        annexes_left_at=(
            visibility.left_public_at(reader.meeting, visibility.DocumentClass.ANNEXES)
            if retired
            else None
        ),
        referred_items=frozenset(rows.values_list("referral__item_id", flat=True)),
    )


@require_GET
def meeting(request, pk):
    reader, refusal = _reader(request, pk)
    if refusal:
        return refusal
    urls, documents = oparl.Urls(request), _documents(request, reader)
    bundles = _bundles(reader, documents)
    versions = reader.readable
    data = oparl.meeting_summary(
        urls,
        reader.meeting,
        reader.facts,
        created=versions[-1].published_at,
        modified=versions[0].published_at,
    )
    data["version"] = reader.version.number
    links = _item_links(request, reader)
    data["agendaItem"] = [
        oparl.agenda_item(urls, reader, item, bundles, links=links) for item in reader.typed.items()
    ]
    main = {}
    for kind, key in (
        (VersionDocument.Kind.AGENDA, "invitation"),
        (VersionDocument.Kind.MINUTES, "resultsProtocol"),
    ):
        document = _preferred(documents, kind)
        if document is not None:
            data[key] = oparl.document_file(urls, reader, document)
            main[document.pk] = key
    data["auxiliaryFile"] = [
        oparl.document_file(urls, reader, d) for d in documents.values() if d.pk not in main
    ]
    return pages.private(JsonResponse(data), request)


@require_GET
def location(request, pk):
    reader, refusal = _reader(request, pk)
    if refusal:
        return refusal
    if not reader.facts.location:
        return pages.error(404, "mødet har intet sted")
    return pages.private(
        JsonResponse(oparl.location(oparl.Urls(request), pk, reader.facts)), request
    )


@require_GET
def agenda_item(request, pk, item_id):
    reader, refusal = _reader(request, pk)
    if refusal:
        return refusal
    item = next((i for i in reader.typed.items() if i.id == item_id), None)
    if item is None:
        return pages.error(404, "punktet findes ikke")
    bundles = _bundles(reader, _documents(request, reader))
    data = oparl.agenda_item(
        oparl.Urls(request), reader, item, bundles, links=_item_links(request, reader)
    )
    return pages.private(JsonResponse(data), request)


@require_GET
def file(request, pk, key):
    """An annex (by its uid) or a document of the version (by its slug, e.g. bilag-offentlig)."""
    reader, refusal = _reader(request, pk)
    if refusal:
        return refusal
    urls, documents = oparl.Urls(request), _documents(request, reader)
    for document in documents.values():
        if document.slug == key:
            return pages.private(JsonResponse(oparl.document_file(urls, reader, document)), request)
    found = reader.typed.find_annex(key)
    if found is not None and found[1].visible:
        data = oparl.annex_file(urls, reader, found[0], found[1], _bundles(reader, documents))
        return pages.private(JsonResponse(data), request)
    links = _item_links(request, reader)
    if found is not None and key in links.retired_annexes:
        data = oparl.retired_annex_file(urls, reader, found[1], links.annexes_left_at)
        return JsonResponse(data)
    return pages.error(404, "filen findes ikke")
