"""Reads of the councils' follow-up shaped for the pages (and for the API's Consultations)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings import frozen, visibility
from meetings.dashboard import Row, Section
from meetings.models import AgendaItem, Municipality
from meetings.package import MeetingFacts
from meetings.text import format_date
from municipalities.models import CouncilReferral, CouncilTreatment


def referrals_for(user) -> QuerySet[CouncilReferral]:
    """Referrals of meetings the user may open (a withdrawn package takes its follow-up along)."""
    meetings = visibility.meetings_for(user).values("pk")
    return CouncilReferral.objects.filter(item__section__meeting__in=meetings).select_related(
        "item__section__meeting__body"
    )


def referable_items() -> QuerySet[AgendaItem]:
    """Items with a decision in published minutes that are not yet sent to the councils,
    newest meeting first (the service checks the published decision itself)."""
    minutes_out = visibility.published_meetings().filter(minutes_out=True).values("pk")
    return (
        AgendaItem.objects.filter(section__meeting__in=minutes_out, council_referral__isnull=True)
        .exclude(decision="")
        .select_related("section__meeting__body")
        .order_by("-section__meeting__start", "section__position", "position")
    )


def followup_links(sender, meeting_id, **kwargs) -> dict[int, list[tuple[str, str]]]:
    """Answers meetings' `item_links_wanted`: a referred item links to the page where its
    decision is followed through the councils (whoever reads the meeting may open it)."""
    referrals = CouncilReferral.objects.filter(item__section__meeting_id=meeting_id)
    return {
        item_id: [(_("Følg kommunalbestyrelsernes behandling af beslutningen"),
                   reverse("municipalities:followup_detail", args=[pk]))]
        for pk, item_id in referrals.values_list("pk", "item_id")
    }  # fmt: skip


def followup_tools(sender, item, **kwargs) -> list[tuple[str, str]]:
    """Answers meetings' `item_tools_wanted`: on the item's admin page, send its published
    decision to the councils, or open the referral already made."""
    referral = CouncilReferral.objects.filter(item=item).first()
    if referral is not None:
        url = reverse("admin:municipalities_councilreferral_change", args=[referral.pk])
        return [(_("Følges i kommunalbestyrelserne"), url)]
    if referable_items().filter(pk=item.pk).exists():
        url = reverse("admin:municipalities_councilreferral_add") + f"?item={item.pk}"
        return [(_("Send beslutningen til kommunalbestyrelserne …"), url)]
    return []


def followup_changed(sender, instance, **kwargs):
    """A referral made or undone changes its meeting's page (the link beside the item). When
    the meeting itself is being deleted, its own delete forgets its pages."""
    items = AgendaItem.objects.filter(pk=instance.item_id)
    meeting_id = items.values_list("section__meeting_id", flat=True).first()
    if meeting_id is not None:
        frozen.meeting_forget(meeting_id)


@dataclass(frozen=True)
class PublishedDecision:
    """A referred item as this audience reads it in its newest readable version."""

    number: str
    title: str
    decision: str
    meeting_id: int
    version: int
    meeting: MeetingFacts  # as published: body, date and place, never the live draft's


def published_decision(item, *, audience=visibility.Audience.PUBLIC) -> PublishedDecision | None:
    """The item in its newest readable version for this audience; its decision is empty until
    the minutes are published (or, for a closed item, for the public)."""
    versions = visibility.readable_versions().filter(meeting_id=item.section.meeting_id)
    version = versions.order_by("-number").first()
    if version is None:
        return None
    package = visibility.typed_package_for(version, audience=audience)
    entry = package.find_item(item_id=item.pk)
    if entry is None:
        return None
    return PublishedDecision(
        number=entry.number,
        title=entry.title,
        decision=entry.texts.get("decision", ""),
        meeting_id=version.meeting_id,
        version=version.number,
        meeting=package.meeting,
    )


def treatments_of_referral(referral: CouncilReferral) -> list[CouncilTreatment]:
    """The 11 rows of one decision, in Danish alphabetical order of the municipalities."""
    rows = list(referral.treatments.select_related("municipality", "referral"))
    order = {
        m.pk: i for i, m in enumerate(Municipality.sorted_danish(r.municipality for r in rows))
    }
    return sorted(rows, key=lambda row: order[row.municipality_id])


def is_overdue(treatment: CouncilTreatment, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return treatment.is_open and treatment.referral.deadline < today


def treatments_of_municipality(
    municipality: Municipality, *, user, today: datetime.date | None = None
) -> list[CouncilTreatment]:
    """What a municipality still has to treat, overdue first and then by deadline; what it has
    treated after that, newest deadline first."""
    today = today or timezone.localdate()
    rows = list(
        CouncilTreatment.objects.filter(
            municipality=municipality, referral__in=referrals_for(user)
        ).select_related("referral__item__section__meeting", "municipality")
    )
    open_rows = sorted(
        (r for r in rows if r.is_open),
        key=lambda r: (not is_overdue(r, today), r.referral.deadline, r.pk),
    )
    done = sorted(
        (r for r in rows if not r.is_open), key=lambda r: r.referral.deadline, reverse=True
    )
    for row in rows:
        row.overdue = is_overdue(row, today)
    return open_rows + done


def consultations(*, item_id: int | None = None, municipality_id: int | None = None, user=None):
    """The rows per decision or per municipality that the API lists as OParl Consultations."""
    rows = CouncilTreatment.objects.filter(referral__in=referrals_for(user)).select_related(
        "referral__item", "municipality"
    )
    if item_id is not None:
        rows = rows.filter(referral__item_id=item_id)
    if municipality_id is not None:
        rows = rows.filter(municipality_id=municipality_id)
    return rows.order_by("referral__deadline", "municipality__code")


def secretariat_work(sender, **kwargs) -> Section:
    """Answers meetings' `secretariat_work_wanted`: the decisions not every council has treated
    yet, the nearest deadline first, with how many councils are still to answer."""
    today = timezone.localdate()
    waiting = Count("treatments", filter=Q(treatments__status__in=CouncilTreatment.OPEN))
    referrals = (
        CouncilReferral.objects.annotate(waiting=waiting)
        .filter(waiting__gt=0)
        .select_related("item__section")
        .order_by("deadline", "pk")[:8]
    )
    rows = [
        Row(str(referral), reverse("admin:municipalities_councilreferral_change", args=[referral.pk]),
            note=ngettext("%(n)s kommune mangler, frist %(when)s",
                          "%(n)s kommuner mangler, frist %(when)s", referral.waiting)
            % {"n": referral.waiting, "when": format_date(referral.deadline, "day")},
            badge=_("overskredet") if referral.deadline < today else "",
            warn=referral.deadline < today)
        for referral in referrals
    ]  # fmt: skip
    return Section(
        "councils",
        _("Kommunalbestyrelsernes frister"),
        rows,
        _("Ingen sager venter hos kommunalbestyrelserne."),
    )
