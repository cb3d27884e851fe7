"""Saved searches: a reader saves a search, and when a published agenda or minutes (or an annex
text read after publishing) has new findings for it, they get one e-mail with them.

The search runs as its owner, on exactly the entries the owner may find (selectors.entries_for),
so a municipality never hears of closed text. A member's findings in closed items and annexes
are counted in the e-mail but never named: an e-mail leaves the portal, and a closed item's title
may say what it is about. Each finding (its address) is told once; saving a search tells none of
what it finds already."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings import visibility
from meetings.models import Body, Meeting
from meetings.text import format_date, strip_control_characters
from search import selectors
from search.models import Entry, SavedSearch

MEETING_KINDS = (Entry.Kind.ITEM, Entry.Kind.ANNEX)
# Each saved search runs on every publishing: enough for a reader, not a burden on the worker.
MOST_PER_READER = 50


def _findings(agent: SavedSearch, entries):
    entries = entries.filter(kind__in=MEETING_KINDS)
    if agent.body_id:
        entries = entries.filter(body_id=agent.body_id)
    if agent.kind:
        entries = entries.filter(kind=agent.kind)
    return list(selectors.search(entries, agent.q))


def agent_save(*, user, q: str, body: Body | None = None, kind: str = "") -> SavedSearch:
    """Save a search for a reader with an e-mail address; what it finds today is not told."""
    q = selectors.clean_query(q)
    if not q:
        raise ValidationError(_("Skriv det, du vil søge efter, før du gemmer søgningen."))
    if not user.email:
        raise ValidationError(
            _("Din bruger har ingen e-mailadresse; kontakt sekretariatet for at få den tilføjet.")
        )
    if kind not in MEETING_KINDS:
        kind = ""
    saved = SavedSearch.objects.filter(user=user)
    if not saved.filter(q=q, body=body, kind=kind).exists() and saved.count() >= MOST_PER_READER:
        raise ValidationError(
            _("Du kan gemme højst %(n)s søgninger; stop en af dem først.") % {"n": MOST_PER_READER}
        )
    agent, created = SavedSearch.objects.get_or_create(user=user, q=q, body=body, kind=kind)
    if created:
        agent.told = [entry.url for entry in _findings(agent, selectors.entries_for(user))]
        agent.save(update_fields=["told"])
    return agent


def _message(agent: SavedSearch, meeting: Meeting, found: list, base_url: str):
    """The e-mail of new findings, in the active language."""
    facts = visibility.facts(meeting)
    when = format_date(facts.start, "numeric")
    named = [entry for entry in found if entry.audience == visibility.Audience.PUBLIC]
    closed = len(found) - len(named)
    subject = _("Nye fund for “%(q)s”: %(meeting)s %(date)s") % {
        "q": agent.q, "meeting": facts.title, "date": when}  # fmt: skip
    lines = [
        _("Din gemte søgning “%(q)s” har nye fund i mødepakken til %(meeting)s %(date)s:")
        % {"q": agent.q, "meeting": facts.title, "date": when},
        "",
    ]
    hits = selectors.snippets(named, agent.q)
    for entry in named:
        lines += [f"- {entry.title}", f"  {base_url}{selectors.link_to_hit(entry, hits[entry.pk])}"]
    search = base_url + reverse("search:search") + "?" + urlencode({"q": agent.q})
    if closed:
        lines += [
            "",
            ngettext(
                "Og %(n)s fund i lukkede punkter og bilag; log ind for at se dem: %(url)s",
                "Og %(n)s fund i lukkede punkter og bilag; log ind for at se dem: %(url)s",
                closed,
            )
            % {"n": closed, "url": search},
        ]
    lines += [
        "",
        _("Du får denne e-mail, fordi du har gemt søgningen. Stop beskeden her: %(url)s")
        % {"url": base_url + reverse("search:agents")},
    ]
    # A line break in a header is refused by the mail library: one clean line, always.
    return (strip_control_characters(subject), "\n".join(lines), settings.DEFAULT_FROM_EMAIL,
            [agent.user.email])  # fmt: skip


def agents_run(*, meeting_id: int, base_url: str = "") -> int:
    """E-mail each saved search's owner what the meeting newly has for it; returns how many
    e-mails were sent. A finding is marked told once its e-mail is sent."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    agents = (
        SavedSearch.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .filter(Q(body__isnull=True) | Q(body=meeting.body_id))
        .select_related("user")
    )
    messages, told = [], []
    for agent in agents:
        entries = selectors.entries_for(agent.user).filter(meeting=meeting)
        found = [entry for entry in _findings(agent, entries) if entry.url not in agent.told]
        if found:
            # In the language its reader reads the portal in.
            with translation.override(agent.language):
                messages.append(_message(agent, meeting, found, base_url))
            agent.told = agent.told + [entry.url for entry in found]
            told.append(agent)
    if messages:
        send_mass_mail(messages, fail_silently=False)
        SavedSearch.objects.bulk_update(told, ["told"])
    return len(messages)
