"""A notification that cannot be sent is retried, then shown as failed in the admin (issue 14,
finding 7); it is never dropped without a trace."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from meetings import services, tasks  # noqa: F401 (the task, registered for eager runs)
from meetings.models import Notification
from meetings.notifications import MAX_ATTEMPTS, notification_send
from tests.meetings.test_notifications import subscriber  # noqa: F401 (fixture)
from tests.trust import mail_servers

# Every test here has a subscriber to write to.
pytestmark = pytest.mark.usefixtures("subscriber")


def _publish_again(package, django_capture_on_commit_callbacks):
    item = package["open_item"]
    item.title = "Vækst Via Viden 2024"
    item.save()
    with django_capture_on_commit_callbacks(execute=False):
        version = services.meeting_publish(meeting=package["meeting"])
    return Notification.objects.get(version=version)


def test_a_sent_notification_is_recorded(package, django_capture_on_commit_callbacks):
    notification = _publish_again(package, django_capture_on_commit_callbacks)
    assert notification.status == Notification.Status.QUEUED
    notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.recipients, notification.attempts) == ("sent", 1, 1)
    assert [m.to for m in mail.outbox] == [["kommune@example.dk"]]
    assert notification_send(notification_id=notification.pk) is None  # never twice


def test_an_absent_mail_server_is_retried_then_shown_failed(
    package, settings, django_capture_on_commit_callbacks, client_for
):
    settings.EMAIL_BACKEND = "tests.trust.mail_servers.AwayServer"
    notification = _publish_again(package, django_capture_on_commit_callbacks)
    mail_servers.calls["n"] = 0
    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(smtplib.SMTPServerDisconnected):  # the task retries on this
            notification_send(notification_id=notification.pk)
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == ("queued", attempt)
    notification_send(notification_id=notification.pk)  # the last attempt
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert "SMTPServerDisconnected" in notification.error
    assert mail_servers.calls["n"] == MAX_ATTEMPTS

    client = client_for("secretariat")
    html = client.get(reverse("admin:meetings_notification_changelist")).content.decode()
    assert "fejlet" in html and "SMTPServerDisconnected" in html
    # The server is back: the secretariat sends it again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from kkr_portal.celery import app

    app.conf.task_always_eager = True
    try:
        client.post(
            reverse("admin:meetings_notification_changelist"),
            {"action": "send_again", "_selected_action": [str(notification.pk)]},
        )
    finally:
        app.conf.task_always_eager = False
    notification.refresh_from_db()
    assert (notification.status, notification.recipients) == ("sent", 1)


def test_a_refused_message_fails_at_once_with_the_reason(
    package, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.trust.mail_servers.RefusingServer"
    notification = _publish_again(package, django_capture_on_commit_callbacks)
    notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 1 and "Message rejected" in notification.error
