"""What each audience may see (DESIGN.md §4), decided here and nowhere else.

Reader pages, downloads, the PDFs, the search index, feeds and calendars, the API, CSV exports and
the admin ask this module; no other module filters on publication status, closed flags, withdrawn
versions or draft status for what leaves the portal (tests/test_visibility_rule.py checks)."""

import datetime
from dataclasses import replace
from enum import StrEnum

from django.conf import settings
from django.db import models
from django.db.models import Exists, JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import package
from meetings.models import Meeting, PackageVersion, VersionDocument
from meetings.rules import can_view_closed, is_council_member, is_secretariat
from meetings.snapshot import meeting_facts


class Audience(models.TextChoices):
    PUBLIC = "public", _("alle")  # anonymous readers and municipalities
    MEMBERS = "members", _("medlemmer")  # council members: closed items and annexes too
    SECRETARIAT = "secretariat", _("sekretariatet")  # everything, drafts and withdrawn versions

    @property
    def sees_closed(self) -> bool:
        return self is not Audience.PUBLIC

    @property
    def sees_drafts(self) -> bool:
        return self is Audience.SECRETARIAT


def audience_of(user) -> Audience:
    if is_secretariat(user):
        return Audience.SECRETARIAT
    if can_view_closed(user):
        return Audience.MEMBERS
    return Audience.PUBLIC


# Meetings and their versions ---------------------------------------------------------------


def readable_versions() -> QuerySet[PackageVersion]:
    """Versions a reader may open: published and not withdrawn."""
    return PackageVersion.objects.filter(withdrawn_at__isnull=True)


def versions_for(user) -> QuerySet[PackageVersion]:
    """The secretariat also sees withdrawn versions, marked as such."""
    if audience_of(user).sees_drafts:
        return PackageVersion.objects.all()
    return readable_versions()


def is_withdrawn(version: PackageVersion) -> bool:
    return version.withdrawn_at is not None


def published_meetings() -> QuerySet[Meeting]:
    """Meetings with at least one readable version: what the public may know exists."""
    return _with_facts(
        Meeting.objects.filter(Exists(readable_versions().filter(meeting=OuterRef("pk"))))
    )


def meetings_for(user) -> QuerySet[Meeting]:
    """The meetings this user may open; annotated with the published facts (see `facts`)."""
    audience = audience_of(user)
    if audience.sees_drafts:
        return _with_facts(Meeting.objects.all())
    if audience.sees_closed:
        return published_meetings()
    return still_public(published_meetings())


# Retention on the public site, per class of document: settings.PUBLIC_RETENTION_DAYS gives
# each class the days after the meeting that it stays public (0: for good). A meeting stays on
# the public site while its agenda does or, once the minutes are out, while they do; when it
# leaves, search, feeds and calendars drop it and the API marks it deleted. Annexes may leave
# before the meeting does. Members and the secretariat keep reading everything.


class DocumentClass(StrEnum):
    """Named as the documents are (VersionDocument.Kind): "bilag" is the annexes and bundles."""

    AGENDA = "dagsorden"  # the agenda PDFs; the meeting's page until the minutes are out
    ANNEXES = "bilag"  # annex downloads, bundles, annexes' text in search, municipalities' packs
    MINUTES = "referat"  # the minutes PDFs and the decisions on the page


def retention_days(document_class: DocumentClass) -> int:
    return int(settings.PUBLIC_RETENTION_DAYS.get(str(document_class)) or 0)


def public_cutoff(document_class: DocumentClass | None = None) -> datetime.datetime | None:
    """Meetings that started before this have the class off the public site (None: kept for
    good); without a class, the cutoff of the class that leaves first."""
    classes = [document_class] if document_class else list(DocumentClass)
    days = [days for days in map(retention_days, classes) if days]
    return timezone.now() - datetime.timedelta(days=min(days)) if days else None


def still_public(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    agenda = public_cutoff(DocumentClass.AGENDA)
    if agenda is None:
        return meetings
    minutes_out = Q(Exists(readable_versions().filter(meeting=OuterRef("pk"),
                                                      includes_decisions=True)))  # fmt: skip
    minutes = public_cutoff(DocumentClass.MINUTES)
    kept_for_minutes = minutes_out if minutes is None else minutes_out & Q(start__gte=minutes)
    return meetings.filter(Q(start__gte=agenda) | kept_for_minutes)


def retired_from_public(document_class: DocumentClass | None = None) -> QuerySet[Meeting]:
    """Published meetings that have left the public site; with a class, those whose documents
    of the class have (the meeting itself may still be public)."""
    published = Meeting.objects.filter(Exists(readable_versions().filter(meeting=OuterRef("pk"))))
    if document_class is None:
        if public_cutoff(DocumentClass.AGENDA) is None:
            return Meeting.objects.none()
        return published.exclude(pk__in=still_public(Meeting.objects.all()).values("pk"))
    cutoff = public_cutoff(document_class)
    return Meeting.objects.none() if cutoff is None else published.filter(start__lt=cutoff)


def left_public_at(meeting: Meeting, document_class: DocumentClass) -> datetime.datetime | None:
    """When a class of the meeting's documents leaves (or left) the public site: its retention
    days after the meeting's start; None while the class is kept for good."""
    days = retention_days(document_class)
    return meeting.start + datetime.timedelta(days=days) if days else None


def meeting_left_public_at(meeting: Meeting) -> datetime.datetime | None:
    """When the meeting itself leaves the public site (the rule of `still_public`): with its
    agenda, or, once its minutes are out, when both agenda and minutes have left."""
    classes = [DocumentClass.AGENDA]
    if _minutes_out(meeting):
        classes.append(DocumentClass.MINUTES)
    moments = [left_public_at(meeting, document_class) for document_class in classes]
    return None if None in moments else max(moments)


def _minutes_out(meeting: Meeting) -> bool:
    if hasattr(meeting, "minutes_out"):  # annotated by `published_meetings` and `meetings_for`
        return meeting.minutes_out
    return readable_versions().filter(meeting=meeting, includes_decisions=True).exists()


def retired_documents(meeting: Meeting, audience: Audience) -> frozenset[DocumentClass]:
    """The classes of a meeting's documents that this audience no longer gets."""
    if audience.sees_closed:
        return frozenset()
    now = timezone.now()
    return frozenset(
        document_class
        for document_class in DocumentClass
        if (moment := left_public_at(meeting, document_class)) is not None and moment < now
    )


def unpublished_meetings() -> QuerySet[Meeting]:
    """Meetings readers cannot open yet (never published, or every version withdrawn): the
    secretariat's work list."""
    return Meeting.objects.exclude(Exists(readable_versions().filter(meeting=OuterRef("pk"))))


def planned_meetings_for(user) -> QuerySet[Meeting]:
    """Members propose items and send apologies before the agenda is out, so they may address
    planned meetings (their dates, never a draft's content); others only published ones."""
    if is_council_member(user) or is_secretariat(user):
        return _with_facts(Meeting.objects.all())
    return still_public(published_meetings())


def _with_facts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    newest = readable_versions().filter(meeting=OuterRef("pk")).order_by("-number")
    minutes = readable_versions().filter(meeting=OuterRef("pk"), includes_decisions=True)
    return meetings.select_related("body").annotate(
        minutes_out=Exists(minutes),
        latest_version=Subquery(newest.values("number")[:1]),
        latest_published_at=Subquery(newest.values("published_at")[:1]),
        published_facts=Subquery(newest.values("snapshot__meeting")[:1], output_field=JSONField()),
    )


def facts(meeting: Meeting) -> package.MeetingFacts:
    """What readers are told about a meeting (from `meetings_for`/`published_meetings`): always
    from its newest readable version, so an unpublished edit of the title, place, time or a
    cancellation shows nowhere before it is published; the secretariat's preview of a
    never-published meeting shows the draft."""
    if hasattr(meeting, "published_facts"):
        data = meeting.published_facts
    else:
        newest = readable_versions().filter(meeting=meeting).order_by("-number")
        data = newest.values_list("snapshot__meeting", flat=True).first()
    return package.MeetingFacts.from_json(meeting_facts(meeting) if data is None else data)


def with_facts(meetings) -> list[Meeting]:
    """The meetings, each with `.facts` for templates and feeds."""
    rows = list(meetings)
    for meeting in rows:
        meeting.facts = facts(meeting)
    return rows


# The package as an audience may read it ----------------------------------------------------


def retired_annexes(
    frozen: package.Package, meeting: Meeting, audience: Audience
) -> frozenset[str]:
    """The uids of the annexes this audience would read, were they not off the public site by
    retention (none for members and the secretariat, who keep them)."""
    if DocumentClass.ANNEXES not in retired_documents(meeting, audience):
        return frozenset()
    kept = package_for_audience(frozen, may_see_closed=False, decisions_public=False)
    return frozenset(annex.uid for item in kept.items() for annex in item.annexes if annex.visible)


def package_for_audience(
    frozen: package.Package,
    *,
    may_see_closed: bool,
    decisions_public: bool,
    annexes_retired: bool = False,
) -> package.Package:
    """The frozen package as one audience may read it (members or public): the single filter
    for pages, downloads, PDFs, the API, search, feeds and e-mails."""
    sections = tuple(
        replace(
            section,
            items=tuple(
                _item_for_audience(item, may_see_closed, decisions_public, annexes_retired)
                for item in section.items
            ),
        )
        for section in frozen.sections
    )
    return replace(frozen, sections=sections)


def _item_for_audience(
    item: package.Item, may_see_closed: bool, decisions_public: bool, annexes_retired: bool
) -> package.Item:
    texts = item.texts if decisions_public else {**item.texts, "decision": ""}
    hidden = {}
    if item.closed and not may_see_closed:
        public = item.public
        # The public title says what the item is about; the confidential title, texts and
        # decision never leave. The public decision comes with the minutes.
        decision = public.decision if public is not None and decisions_public else ""
        texts = {"decision": decision} if decision else {}
        title = (public.title if public is not None else "") or item.title
        hidden = {"title": title, "case_number": "", "initials": "", "kle_number": ""}
    annexes = tuple(
        replace(annex, visible=True)
        if (may_see_closed or not annex.closed) and not annexes_retired
        else replace(
            annex,
            visible=False,
            title="",
            file="",
            original_name="",
            sha256="",
            signatures=0,
            signed_original=False,
            sent="",
            signers=(),
        )
        for annex in item.annexes
    )
    return replace(item, texts=texts, annexes=annexes, **hidden)


def package_for_variant(
    frozen: package.Package, *, variant: str, decisions_public: bool
) -> package.Package:
    """The package as one variant of a document prints it: the members' variant with the closed
    items and annexes, the public one without."""
    return package_for_audience(
        frozen,
        may_see_closed=variant == VersionDocument.Variant.MEMBERS,
        decisions_public=decisions_public,
    )


def frozen_package(version: PackageVersion) -> package.Package:
    """A version's whole package as frozen, typed, for every audience at once (the renderer
    filters it per variant); a missing or renamed field fails here, by its name."""
    return package.Package.from_json(version.snapshot)


def typed_package_for(version: PackageVersion, *, audience: Audience) -> package.Package:
    """One version's package for an audience; decisions only once the minutes are published;
    for the public, without what retention has taken off the public site."""
    retired = retired_documents(version.meeting, audience)
    return package_for_audience(
        frozen_package(version),
        may_see_closed=audience.sees_closed,
        decisions_public=version.includes_decisions and DocumentClass.MINUTES not in retired,
        annexes_retired=DocumentClass.ANNEXES in retired,
    )


def frozen_facts(version: PackageVersion) -> package.MeetingFacts:
    """Title, body, time and place as a version told everyone (they are never closed)."""
    return package.MeetingFacts.from_json(version.snapshot["meeting"])


def annex_in_bundle(annex: package.Annex, *, variant: str) -> bool:
    """Whether an annex's pages go into a bundle variant; the public one gets a placeholder."""
    if variant == VersionDocument.Variant.MEMBERS:
        return True
    return annex.visible if annex.visible is not None else not annex.closed


def document_variants_for(user) -> set[str]:
    """The bundle variants this user may download."""
    if audience_of(user).sees_closed:
        return {VersionDocument.Variant.PUBLIC, VersionDocument.Variant.MEMBERS}
    return {VersionDocument.Variant.PUBLIC}


def holds_closed_content(user) -> bool:
    """Answers built for this user may hold closed text: caches must keep them private."""
    return audience_of(user).sees_closed


# Rows that are drafts until approved (contracts, budget tables, distribution keys) ----------

# What readers get of each draft-until-approved model, by "app_label.model_name".
READER_ROWS = {
    "agreements.contract": Q(status__in=("approved", "signed")),
    "budgets.distributionkey": Q(status="approved"),
    "budgets.budgettable": Q(status="approved"),
}


class SecretariatDraftsQuerySet(QuerySet):
    """Rows the secretariat drafts and approves; readers get the approved ones only."""

    def visible_to(self, user):
        if audience_of(user).sees_drafts:
            return self
        return self.filter(READER_ROWS[self.model._meta.label_lower])


def row_visible(row, user) -> bool:
    """Whether a linked row (a table's repayment key, a contract's grant key) may be shown."""
    if row is None:
        return False
    return type(row).objects.visible_to(user).filter(pk=row.pk).exists()
