"""E-mail to subscribers when a package or a new version is published."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone

from meetings import visibility
from meetings.models import Subscription
from meetings.templatetags.portal import change_text
from meetings.text import strip_control_characters


def version_notify(*, version_id: int, base_url: str = "") -> int:
    """Send one e-mail per subscriber of the meeting's body; returns how many were sent."""
    version = (
        visibility.readable_versions().select_related("meeting__body").filter(pk=version_id).first()
    )
    if version is None:
        return 0
    meeting = version.meeting
    recipients = sorted(
        set(
            Subscription.objects.filter(body=meeting.body, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    facts = visibility.MeetingFacts.from_json(version.snapshot["meeting"])
    start = timezone.localtime(facts.start)
    kind = "Referat" if version.includes_decisions else "Dagsorden"
    subject = f"{kind}: {facts.title} {start:%d.%m.%Y}"
    if version.number > 1:
        subject += f" – version {version.number}"
    # A line break in a header is refused by the mail library: one clean line, always.
    subject = strip_control_characters(subject)
    link = base_url + reverse("meetings:meeting_version", args=[meeting.pk, version.number])
    lines = [
        f"{kind} til {facts.title} {start:%d.%m.%Y kl. %H.%M} er offentliggjort.",
        "",
    ]
    if version.changes:
        lines.append(f"Ændret siden version {version.number - 1}:")
        lines.extend(f"- {change_text(change)}" for change in version.changes)
        lines.append("")
    lines.append(f"Læs mødepakken: {link}")
    body = "\n".join(lines)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    return send_mass_mail(messages, fail_silently=False)
