"""What the reader pages show beside the package itself: the one download for the reader's
audience, where each annex starts in the bundle, the meeting's state, the versions' history and
the attendance once the minutes are out."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meetings import procedure, signals, visibility
from meetings.models import Attendance, Meeting, PackageVersion, VersionDocument
from meetings.package import Package
from meetings.procedure import attendance_overview
from meetings.rules import is_council_member
from meetings.selectors import reader_package
from meetings.templatetags.portal import change_text


@dataclass(frozen=True)
class Download:
    document: VersionDocument
    url: str
    label: str


@dataclass
class PackageDownloads:
    """The package for the reader's audience first; every other PDF one step away."""

    variant: str
    primary: list[Download] = field(default_factory=list)
    others: list[Download] = field(default_factory=list)
    bundle: Download | None = None


def _document_url(package, document: VersionDocument) -> str:
    meeting_id = package.meeting.pk
    if package.is_latest:
        return reverse("meetings:document_download", args=[meeting_id, document.slug])
    return reverse(
        "meetings:document_version_download",
        args=[meeting_id, package.version.number, document.slug],
    )


def _label(document: VersionDocument) -> str:
    if document.variant == VersionDocument.Variant.MEMBERS:
        return _("%(kind)s – medlemmernes udgave med lukkede punkter") % {
            "kind": document.get_kind_display()
        }
    return _("%(kind)s – offentlig udgave") % {"kind": document.get_kind_display()}


def package_downloads(package, documents: list[VersionDocument], *, user) -> PackageDownloads:
    """Members get the members' agenda (the minutes once they are out) and bundle; everyone else
    the public ones."""
    allowed = visibility.document_variants_for(user)
    variant = (
        VersionDocument.Variant.MEMBERS
        if VersionDocument.Variant.MEMBERS in allowed
        else VersionDocument.Variant.PUBLIC
    )
    downloads = PackageDownloads(variant=variant)
    own = {d.kind: d for d in documents if d.variant == variant}
    first = own.get(VersionDocument.Kind.MINUTES) or own.get(VersionDocument.Kind.AGENDA)
    chosen = [d for d in (first, own.get(VersionDocument.Kind.BUNDLE)) if d is not None]
    order = {VersionDocument.Kind.MINUTES: 0, VersionDocument.Kind.AGENDA: 1}
    for document in sorted(documents, key=lambda d: (d.variant != variant, order.get(d.kind, 2))):
        download = Download(document, _document_url(package, document), _label(document))
        (downloads.primary if document in chosen else downloads.others).append(download)
        if document in chosen and document.kind == VersionDocument.Kind.BUNDLE:
            downloads.bundle = download
    return downloads


def annex_bundle_pages(package: Package, bundle: VersionDocument | None) -> dict[str, int]:
    """The page of each annex's divider in the bundle, by annex uid. The bundle is its front
    pages, then per annex a divider and the annex's pages (a closed annex is one page in the
    public bundle), so the front's length is what the page count leaves over."""
    if bundle is None:
        return {}
    annexes = [annex for _item, annex in package.annexes()]
    sizes = [
        1 + (annex.page_count if visibility.annex_in_bundle(annex, variant=bundle.variant) else 0)
        for annex in annexes
    ]
    page = bundle.page_count - sum(sizes) + 1
    pages = {}
    for annex, size in zip(annexes, sizes, strict=True):
        pages[annex.uid] = page
        page += size
    return pages


class BundleLinks:
    """Links that open the reader's bundle at an annex. Worked out only when the page's body is
    rendered, so a cached body costs no snapshot load."""

    def __init__(self, package, downloads: PackageDownloads):
        self.package = package
        self.bundle = downloads.bundle

    @cached_property
    def pages(self) -> dict[str, int]:
        if self.bundle is None:
            return {}
        return annex_bundle_pages(self.package.typed, self.bundle.document)

    def url(self, annex_uid: str) -> str:
        page = self.pages.get(annex_uid)
        return f"{self.bundle.url}#page={page}" if page else ""


class State(StrEnum):
    DRAFT = "draft"
    CANCELLED = "cancelled"
    UPCOMING = "upcoming"  # published, the agenda is out
    HELD = "held"  # the meeting took place, the minutes are not out yet
    MINUTES = "minutes"


STATE_LABELS = {
    State.DRAFT: gettext_lazy("Kladde – ikke offentliggjort"),
    State.CANCELLED: gettext_lazy("Aflyst"),
    State.UPCOMING: gettext_lazy("Dagsorden udsendt"),
    State.HELD: gettext_lazy("Afholdt – referat følger"),
    State.MINUTES: gettext_lazy("Referat offentliggjort"),
}


@dataclass(frozen=True)
class MeetingState:
    state: State
    moved_from: datetime.datetime | None  # the first published time, when it has changed
    is_next: bool = False

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def upcoming(self) -> bool:
        return self.state == State.UPCOMING


def _state(facts, published: bool, includes_decisions: bool, first_start, now) -> MeetingState:
    if not published:
        state = State.DRAFT
    elif facts.cancelled:
        state = State.CANCELLED
    elif includes_decisions:
        state = State.MINUTES
    elif facts.start > now:
        state = State.UPCOMING
    else:
        state = State.HELD
    moved = first_start if first_start and first_start != facts.start else None
    return MeetingState(state=state, moved_from=moved)


def _first_starts(meeting_ids) -> dict[int, tuple[datetime.datetime, bool]]:
    """Per meeting: the start its first readable version announced, and whether its newest
    readable version holds the minutes; one query for a whole list."""
    rows = (
        visibility.readable_versions()
        .filter(meeting_id__in=meeting_ids)
        .order_by("meeting_id", "number")
        .values_list("meeting_id", "snapshot__meeting__start", "includes_decisions")
    )
    found = {}
    for meeting_id, start, decisions in rows:
        first = found.get(meeting_id, (start, decisions))[0]
        found[meeting_id] = (first, decisions)
    return {
        pk: (datetime.datetime.fromisoformat(start) if start else None, decisions)
        for pk, (start, decisions) in found.items()
    }


def meeting_states(meetings: list[Meeting]) -> None:
    """Give each meeting (with `.facts`) its `.state`; the first upcoming one is the next."""
    now = timezone.now()
    starts = _first_starts([m.pk for m in meetings])
    for meeting in meetings:
        published = meeting.pk in starts
        first, decisions = starts.get(meeting.pk, (None, False))
        meeting.state = _state(meeting.facts, published, decisions, first, now)
    upcoming = [m for m in meetings if m.state.upcoming]
    if upcoming:
        nearest = min(upcoming, key=lambda m: m.facts.start)
        nearest.state = MeetingState(nearest.state.state, nearest.state.moved_from, is_next=True)


def package_state(package) -> MeetingState:
    decisions = package.version is not None and package.version.includes_decisions
    published = package.version is not None
    return _state(package.facts, published, decisions, package.first_start, timezone.now())


def version_summaries(versions: list[PackageVersion]) -> list[tuple[PackageVersion, list[str]]]:
    """Each version with what it changed against the one before, in words."""
    oldest_first = sorted(versions, key=lambda v: v.number)
    summaries, had_minutes = [], False
    for version in oldest_first:
        lines = [change_text(change) for change in version.changes]
        if version.includes_decisions and not had_minutes:
            lines.insert(0, _("Referatet er offentliggjort: beslutningerne står ved punkterne."))
        had_minutes = had_minutes or version.includes_decisions
        if version.number == oldest_first[0].number and not lines:
            lines.append(_("Dagsordenen er udsendt."))
        elif not lines:
            lines.append(_("Ingen ændringer i punkter, tekster eller bilag."))
        summaries.append((version, lines))
    return list(reversed(summaries))


@dataclass(frozen=True)
class AttendanceView:
    present: list
    absent: list
    substitutes: list  # (substitute, member)

    @property
    def summary(self) -> str:
        return ngettext(
            "%(n)d til stede", "%(n)d til stede", len(self.present) + len(self.substitutes)
        ) % {"n": len(self.present) + len(self.substitutes)}


def attendance_for(package) -> AttendanceView | None:
    """Who was there, as the minutes list it (§ 5 stk. 11); shown once the minutes are out."""
    if package.version is None or not package.version.includes_decisions:
        return None
    overview = attendance_overview(package.meeting)
    if not (overview["present"] or overview["absent"]):
        return None
    return AttendanceView(overview["present"], overview["absent"], overview["substitutes"])


def own_absence(meeting: Meeting, *, user):
    """The member's own apologies for this meeting, if sent (the "du har meldt afbud" state)."""
    if not is_council_member(user):
        return None
    return (
        Attendance.objects.filter(
            meeting=meeting, person__user=user, status=Attendance.Status.REPORTED_ABSENT
        )
        .select_related("person")
        .first()
    )


def item_links(meeting: Meeting) -> dict[int, list[tuple[str, str]]]:
    """Links beside the meeting's items that other apps give (signals.item_links_wanted)."""
    links = {}
    for _receiver, answer in signals.item_links_wanted.send(sender=Meeting, meeting_id=meeting.pk):
        for item_id, found in answer.items():
            links.setdefault(item_id, []).extend(found)
    return links


def detail_context(package, documents: list[VersionDocument], *, user) -> dict:
    """The meeting page's reader parts beside the package: downloads, state, attendance."""
    downloads = package_downloads(package, documents, user=user)
    return {
        "downloads": downloads,
        "bundle_links": BundleLinks(package, downloads),
        "state": package_state(package),
        "attendance": attendance_for(package),
        "absence": own_absence(package.meeting, user=user),
        "body": package.meeting.body,
        "item_links": item_links(package.meeting),
        # Retention: the public is told an annex has left the public site, not that it is closed.
        "annexes_retired": visibility.DocumentClass.ANNEXES
        in visibility.retired_documents(package.meeting, package.audience),
    }


def proposals_open(meeting: Meeting) -> bool:
    """Whether members may still propose an item (§ 5 stk. 4: ordinary meetings, until ten days
    before); pages offer the form only then."""
    return (
        meeting.kind == Meeting.Kind.ORDINARY
        and not meeting.cancelled
        and timezone.localdate() <= procedure.proposal_deadline(meeting)
    )


def with_states(meetings) -> list[Meeting]:
    """The meetings, each with its published `.facts` and its `.state`."""
    rows = visibility.with_facts(meetings)
    meeting_states(rows)
    return rows


@dataclass(frozen=True)
class KeptVersion:
    number: int


@dataclass
class KeptPackage:
    """The package as a kept page's personal parts see it (meetings/personal_shell.py): the
    meeting and the version shown, as they were when the page was kept (a change to either
    drops the page). The package's text is read, for this reader, only when a part needs it:
    the notes panel, when the reader has notes."""

    meeting: Meeting
    version: KeptVersion
    is_latest: bool
    user: object

    @staticmethod
    def keep(package) -> dict:
        fields = Meeting._meta.concrete_fields
        return {
            "meeting": [(f.attname, getattr(package.meeting, f.attname)) for f in fields],
            "version": package.version.number,
            "is_latest": package.is_latest,
        }

    @classmethod
    def from_kept(cls, kept: dict, *, user) -> "KeptPackage":
        names, values = zip(*kept["meeting"], strict=True)
        meeting = Meeting.from_db("default", names, values)
        return cls(meeting, KeptVersion(kept["version"]), kept["is_latest"], user)

    @cached_property
    def typed(self) -> Package:
        package = reader_package(
            meeting_id=self.meeting.pk, user=self.user, version_number=self.version.number
        )
        return package.typed
