"""Every change of the councils' follow-up: marking a decision, a council's row, its mail."""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kkr_portal.transitions import require_transition
from meetings.models import AgendaItem, Municipality, VersionDocument
from meetings.rules import MUNICIPALITY
from meetings.text import format_date
from meetings.visibility import Audience, audience_of
from municipalities import packs, selectors
from municipalities.models import (
    CouncilReferral,
    CouncilTreatment,
    MunicipalityContact,
    MunicipalityPack,
)
from municipalities.rules import can_update_treatment

logger = logging.getLogger(__name__)
PACK_TASK = "municipalities.tasks.pack_build_task"
FOLLOWUP_MAIL_TASK = "municipalities.tasks.followup_mail"
Status = CouncilTreatment.Status
# What a council's mail is written from.
MAILED_WITH = ("referral__item__section__meeting", "municipality")


@transaction.atomic
def referral_create(*, item: AgendaItem, deadline: datetime.date, user=None) -> CouncilReferral:
    """Mark a published decision "to be treated by the municipal councils": one row per
    municipality, each marked sent today."""
    referral_check(item=item, deadline=deadline)
    referral = CouncilReferral.objects.create(
        item=item, deadline=deadline, created_by=_user_or_none(user)
    )
    today = timezone.localdate()
    bulk_create_with_history(
        [
            CouncilTreatment(
                referral=referral, municipality=m, sent_on=today, updated_by=_user_or_none(user)
            )
            for m in Municipality.objects.all()
        ],
        CouncilTreatment,
    )
    transaction.on_commit(_followup_mail_dispatch)
    return referral


def _followup_mail_dispatch() -> None:
    """Tell the municipalities now; if the broker is down, the hourly run tells them."""
    try:
        current_app.send_task(FOLLOWUP_MAIL_TASK, retry=False)
    except Exception as error:
        logger.warning("The councils' mail was not queued: %s", error)


def referral_check(*, item: AgendaItem, deadline: datetime.date) -> None:
    """Raise ValidationError (Danish) unless the item's decision may be sent to the councils."""
    decision = selectors.published_decision(item, audience=Audience.MEMBERS)
    if decision is None or not decision.decision:
        raise ValidationError(
            _("Punktets beslutning er ikke offentliggjort i et referat endnu."), code="unpublished"
        )
    if deadline <= timezone.localdate():
        raise ValidationError(_("Fristen skal ligge efter i dag."), code="deadline")
    if CouncilReferral.objects.filter(item=item).exists():
        raise ValidationError(_("Beslutningen følges allerede op."), code="exists")


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def _clean(*, status, agenda_date, agenda_url, decided_on, outcome, outcome_text, sent_on):
    errors = {}
    if status == Status.ON_AGENDA and agenda_date is None:
        errors["agenda_date"] = _("Skriv datoen for kommunalbestyrelsens møde.")
    if status == Status.DECIDED:
        if decided_on is None:
            errors["decided_on"] = _("Skriv datoen for kommunalbestyrelsens beslutning.")
        if not outcome:
            errors["outcome"] = _("Vælg, hvordan kommunalbestyrelsen besluttede.")
        if outcome == CouncilTreatment.Outcome.WITH_CHANGES and not outcome_text.strip():
            errors["outcome_text"] = _("Skriv kort, hvad der blev ændret.")
    for field, day in (("agenda_date", agenda_date), ("decided_on", decided_on)):
        if day is not None and day < sent_on:
            errors[field] = _("Datoen ligger før sagen blev sendt (%(sent)s).") % {
                "sent": format_date(sent_on, "numeric")
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def treatment_update(
    *,
    treatment: CouncilTreatment,
    user,
    status: str,
    agenda_date: datetime.date | None = None,
    agenda_url: str = "",
    decided_on: datetime.date | None = None,
    outcome: str = "",
    outcome_text: str = "",
) -> CouncilTreatment:
    """Record how far a council has come; only the municipality's own users and the
    secretariat may (the history keeps who and what before)."""
    treatment = CouncilTreatment.objects.select_for_update().get(pk=treatment.pk)
    if not can_update_treatment(user, treatment):
        raise PermissionDenied(_("Du kan kun opdatere din egen kommunes behandling."))
    require_transition(CouncilTreatment.TRANSITIONS, obj=treatment, to=status)
    outcome_text = " ".join(outcome_text.split())
    _clean(
        status=status, agenda_date=agenda_date, agenda_url=agenda_url, decided_on=decided_on,
        outcome=outcome, outcome_text=outcome_text, sent_on=treatment.sent_on,
    )  # fmt: skip
    treatment.status = status
    treatment.agenda_date = agenda_date if status in (Status.ON_AGENDA, Status.DECIDED) else None
    treatment.agenda_url = agenda_url if treatment.agenda_date else ""
    decided = status == Status.DECIDED
    treatment.decided_on = decided_on if decided else None
    treatment.outcome = outcome if decided else ""
    treatment.outcome_text = outcome_text if decided else ""
    treatment.updated_by = user
    treatment._change_reason = _("opdateret af %(user)s") % {"user": user.get_username()}
    treatment.save()
    return treatment


def reminder_due(referral: CouncilReferral, today: datetime.date) -> bool:
    """A reminder goes out from this many days before the deadline until the deadline."""
    first = referral.deadline - datetime.timedelta(days=settings.FOLLOWUP_REMINDER_DAYS)
    return first <= today <= referral.deadline


def municipalities_without_contacts() -> list[Municipality]:
    """The municipalities the councils' mail cannot reach, in Danish order."""
    municipalities = list(Municipality.objects.all())
    contacts = contacts_by_municipality([m.pk for m in municipalities])
    return Municipality.sorted_danish(m for m in municipalities if not contacts[m.pk])


def contacts_by_municipality(municipality_ids) -> dict[int, list[str]]:
    """Each municipality's contacts; for one without any, its portal logins with an e-mail
    address (two queries for all of them)."""
    found = {pk: set() for pk in municipality_ids}
    contacts = MunicipalityContact.objects.filter(municipality_id__in=list(found))
    for pk, email in contacts.values_list("municipality_id", "email"):
        found[pk].add(email)
    without = [pk for pk, emails in found.items() if not emails]
    logins = get_user_model().objects.filter(
        person__municipality_id__in=without, groups__name=MUNICIPALITY, is_active=True
    )
    for pk, email in logins.exclude(email="").values_list("person__municipality_id", "email"):
        found[pk].add(email)
    return {pk: sorted(emails) for pk, emails in found.items()}


def followup_mail_send(*, now: datetime.datetime | None = None) -> int:
    """The councils' mail, hourly and just after a decision is sent to them: first the notice of
    each newly sent decision, then the reminders of those whose deadline is near."""
    return notices_send(now=now) + reminders_send(now=now)


def notices_send(*, now: datetime.datetime | None = None) -> int:
    """Tell each municipality of a decision sent to the councils, once per row. A municipality
    with nobody to tell is told when it has someone (a contact or a login with an e-mail)."""
    now = now or timezone.now()
    rows = CouncilTreatment.objects.filter(
        status__in=CouncilTreatment.OPEN,
        notice_sent_at__isnull=True,
        referral__deadline__gte=timezone.localdate(now),
    ).select_related(*MAILED_WITH)
    subject = _("Ny sag til kommunalbestyrelsen: %(item)s, frist %(deadline)s")
    return _mail_once(rows, "notice_sent_at", now, "municipalities/notice_email.txt", subject)


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind each municipality of the decisions its council has not treated, once per row, in
    the days before the deadline."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    window_end = today + datetime.timedelta(days=settings.FOLLOWUP_REMINDER_DAYS)
    rows = CouncilTreatment.objects.filter(
        status__in=CouncilTreatment.OPEN,
        reminder_sent_at__isnull=True,
        referral__deadline__gte=today,
        referral__deadline__lte=window_end,
    )
    due = [row for row in rows.select_related(*MAILED_WITH) if reminder_due(row.referral, today)]
    subject = _("Påmindelse: %(item)s skal behandles senest %(deadline)s")
    return _mail_once(due, "reminder_sent_at", now, "municipalities/reminder_email.txt", subject)


def _mail_once(rows, stamp: str, now, template: str, subject: str) -> int:
    """One mail per row to its municipality's contacts. Each row is claimed by setting `stamp`
    with a conditional update, so two runs (two beat ticks, two workers) never send it twice;
    a send that fails frees the row for the next run."""
    rows = list(rows)
    contacts = contacts_by_municipality({row.municipality_id for row in rows})
    sent = 0
    for row in rows:
        recipients = contacts[row.municipality_id]
        if not recipients:
            continue
        claimed = CouncilTreatment.objects.filter(pk=row.pk, **{f"{stamp}__isnull": True})
        if claimed.update(**{stamp: now}) != 1:
            continue
        try:
            _followup_mail(row, recipients, template, subject)
        except Exception as error:  # the mail server: the next run tries again
            CouncilTreatment.objects.filter(pk=row.pk).update(**{stamp: None})
            logger.warning("Mail %s for treatment %s not sent: %s", template, row.pk, error)
            continue
        sent += 1
    return sent


def _followup_mail(row: CouncilTreatment, recipients: list[str], template: str, subject: str):
    decision = selectors.published_decision(row.referral.item)
    context = {
        "row": row,
        "decision": decision,
        "decision_text": strip_tags(decision.decision).strip() if decision else "",
        "deadline": row.referral.deadline,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + _municipality_url(row.municipality.code),
    }
    subject = subject % {
        "item": f"{decision.number} {decision.title}" if decision else row.referral.item.title,
        "deadline": row.referral.deadline.strftime("%d.%m.%Y"),
    }
    body = render_to_string(template, context)
    send_mail(subject, body, None, recipients)


def _municipality_url(code: int) -> str:
    return reverse("municipalities:municipality_followup", args=[code])


# Packs for the municipalities' case systems ------------------------------------------------


def pack_audience(user) -> Audience:
    """A pack holds closed annexes only for a member's (or the secretariat's) login."""
    return Audience.MEMBERS if audience_of(user).sees_closed else Audience.PUBLIC


def pack_request(*, version, municipality, user) -> MunicipalityPack | None:
    """The pack of this version for this municipality and the user's audience; queued for a
    worker the first time (or again after a failure). None while the agenda is not rendered."""
    audience = pack_audience(user)
    variant = packs.pack_variant(audience)
    if not version.documents.filter(kind=VersionDocument.Kind.AGENDA, variant=variant).exists():
        return None
    pack, created = MunicipalityPack.objects.get_or_create(
        version=version, municipality=municipality, audience=str(audience)
    )
    retried = MunicipalityPack.objects.filter(
        pk=pack.pk, status=MunicipalityPack.Status.FAILED
    ).update(status=MunicipalityPack.Status.QUEUED, error="")
    if created or retried or packs.requeue_if_retired(pack):
        transaction.on_commit(lambda: _pack_dispatch(pack.pk))
        pack.refresh_from_db()
    return pack


def packs_outdated(*, version_ids) -> int:
    """Drop the packs of these versions (a file in them changed, e.g. a scan got its text from
    OCR); the next request builds them anew."""
    deleted, _counts = MunicipalityPack.objects.filter(version_id__in=list(version_ids)).delete()
    return deleted


def _pack_dispatch(pack_id: int) -> None:
    try:
        # By name: the tasks module calls these services, never the other way round.
        current_app.send_task(PACK_TASK, args=[pack_id], retry=False)
    except Exception as error:  # the broker is down: the next request queues it again
        MunicipalityPack.objects.filter(pk=pack_id, status=MunicipalityPack.Status.QUEUED).update(
            status=MunicipalityPack.Status.FAILED, error=str(error)[:500]
        )


def pack_build(*, pack_id: int) -> MunicipalityPack | None:
    """Build a queued pack (claimed with a conditional update, so a second worker does
    nothing); the file is stored under a name tied to the version and is visible when done."""
    claimed = MunicipalityPack.objects.filter(
        pk=pack_id, status=MunicipalityPack.Status.QUEUED
    ).update(status=MunicipalityPack.Status.RUNNING)
    if claimed != 1:
        return None
    pack = MunicipalityPack.objects.select_related("version__meeting", "municipality").get(
        pk=pack_id
    )
    version = pack.version
    deadlines = {
        item_id: deadline.isoformat()
        for item_id, deadline in CouncilReferral.objects.filter(
            item__section__meeting=version.meeting_id
        ).values_list("item_id", "deadline")
    }
    try:
        with packs.temporary_pack_path() as folder:
            path = f"{folder}/pack.zip"
            written = packs.pack_write(
                version, pack.municipality, Audience(pack.audience),
                deadlines=deadlines, out_path=path,
            )  # fmt: skip
            with open(path, "rb") as handle:
                name = default_storage.save(
                    f"packs/{version.meeting.uid}/v{version.number}/"
                    f"{pack.municipality.code}-{pack.audience}.zip",
                    File(handle),
                )
                size = handle.seek(0, 2)
    except Exception as error:
        MunicipalityPack.objects.filter(pk=pack_id).update(
            status=MunicipalityPack.Status.FAILED,
            error=_("Pakken kunne ikke bygges: %(error)s") % {"error": error},
            finished=timezone.now(),
        )
        logger.warning("Pack %s failed: %s", pack_id, error)
        return MunicipalityPack.objects.get(pk=pack_id)
    MunicipalityPack.objects.filter(pk=pack_id).update(
        status=MunicipalityPack.Status.DONE,
        file=name,
        size=size,
        finished=timezone.now(),
        holds=sorted({entry["kind"] for entry in written["files"]}),
    )
    return MunicipalityPack.objects.get(pk=pack_id)
