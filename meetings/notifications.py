"""E-mail to subscribers when a package or a new version is published.

Each version gets a Notification row in the publishing transaction. A worker claims it, sends,
and marks it sent; a mail server that is away is tried again with growing pauses, and after the
last attempt, or at once for an error that trying again cannot fix, it is marked failed with the
reason, where the admin shows it and can send it again. Nothing is dropped without a trace.
"""

import datetime
import logging
import smtplib

from celery import current_app
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings import visibility
from meetings.models import Notification, Subscription
from meetings.templatetags.portal import change_text
from meetings.text import format_date, strip_control_characters


def _version_message(version, facts, link: str) -> tuple[str, str]:
    """The subject and text of the e-mail about a version, in the active language."""
    kind = _("Referat") if version.includes_decisions else _("Dagsorden")
    subject = f"{kind}: {facts.title} {format_date(facts.start, 'numeric')}"
    if version.number > 1:
        subject += " – " + _("version %(n)s") % {"n": version.number}
    lines = [
        _("%(kind)s til %(title)s %(start)s er offentliggjort.")
        % {"kind": kind, "title": facts.title, "start": format_date(facts.start, "numeric_time")},
        "",
    ]
    if version.changes:
        lines.append(_("Ændret siden version %(n)s") % {"n": version.number - 1} + ":")
        lines.extend(f"- {change_text(change)}" for change in version.changes)
        lines.append("")
    lines.append(_("Læs mødepakken: %(url)s") % {"url": link})
    # A line break in a header is refused by the mail library: one clean line, always.
    return strip_control_characters(subject), "\n".join(lines)


def version_notify(*, version_id: int, base_url: str = "") -> int:
    """Send one e-mail per subscriber of the meeting's body, in the language each reads the
    portal in; returns how many were sent."""
    version = (
        visibility.readable_versions().select_related("meeting__body").filter(pk=version_id).first()
    )
    if version is None:
        return 0
    meeting = version.meeting
    subscribers = (
        Subscription.objects.filter(body=meeting.body, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", "language")
    )
    language_of = dict(sorted(subscribers))
    if not language_of:
        return 0
    facts = visibility.frozen_facts(version)
    link = base_url + reverse("meetings:meeting_version", args=[meeting.pk, version.number])
    messages = []
    for address, language in sorted(language_of.items()):
        with translation.override(language):
            subject, body = _version_message(version, facts, link)
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    return send_mass_mail(messages, fail_silently=False)


# Refused connections, timeouts and smtplib's errors are OSErrors, worth another try; except
# an SMTP 5xx answer, which says the same next time.
TRANSIENT_MAIL_ERRORS = (OSError,)


def _is_transient(error: Exception) -> bool:
    permanent = (
        isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500
    ) or isinstance(error, smtplib.SMTPRecipientsRefused)
    return isinstance(error, TRANSIENT_MAIL_ERRORS) and not permanent


MAX_ATTEMPTS = 5
SEND_TASK = "meetings.tasks.notify_subscribers"
SWEEP_AFTER = datetime.timedelta(minutes=2)
log = logging.getLogger(__name__)


def notification_queue(*, version) -> Notification:
    """In the publishing transaction: the version's e-mail, sent once the version is committed."""
    notification = Notification.objects.create(version=version)
    transaction.on_commit(lambda: notification_dispatch(notification_id=notification.pk))
    return notification


def notification_dispatch(*, notification_id: int) -> None:
    # By name: the task module imports this one, not the other way round. A process that has
    # loaded the task sends it through it (so an eager configuration runs it at once).
    task = current_app.tasks.get(SEND_TASK)
    try:
        if task is not None:
            task.apply_async(args=[notification_id], retry=False)
        else:
            current_app.send_task(SEND_TASK, args=[notification_id], retry=False)
    except Exception as error:  # the broker is down: it stays queued and the sweep sends it
        log.warning("Notification %s not dispatched: %s", notification_id, error)


def notification_send(*, notification_id: int) -> Notification | None:
    """Claim a queued notification and send it. A transient error puts it back in the queue and
    is raised for the task to retry; the last attempt, or any other error, marks it failed."""
    rows = Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED)
    if not rows.update(status=Notification.Status.SENDING, attempts=F("attempts") + 1):
        return None
    notification = Notification.objects.get(pk=notification_id)
    try:
        sent = version_notify(version_id=notification.version_id, base_url=settings.PORTAL_BASE_URL)
    except Exception as error:
        if not _is_transient(error):
            _finish(
                notification, Notification.Status.FAILED, error=f"{type(error).__name__}: {error}"
            )
            return notification
        last = notification.attempts >= MAX_ATTEMPTS
        _finish(notification, Notification.Status.FAILED if last else Notification.Status.QUEUED,
                error=f"{type(error).__name__}: {error}")  # fmt: skip
        if last:
            return notification
        raise
    _finish(notification, Notification.Status.SENT, recipients=sent, error="")
    return notification


def _finish(notification, status, **fields) -> None:
    for name, value in {"status": status, **fields}.items():
        setattr(notification, name, value)
    notification.save(update_fields=["status", "updated", *fields])


def notification_retry(*, notification: Notification) -> None:
    """From the admin: a failed notification is queued again with fresh attempts."""
    updated = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.FAILED
    ).update(status=Notification.Status.QUEUED, attempts=0, error="", updated=timezone.now())
    if updated:
        notification_dispatch(notification_id=notification.pk)


def notifications_sweep() -> int:
    """Queued notifications that no worker took (the broker was down) are dispatched again."""
    stale = list(
        Notification.objects.filter(
            status=Notification.Status.QUEUED, updated__lt=timezone.now() - SWEEP_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        notification_dispatch(notification_id=pk)
    return len(stale)
