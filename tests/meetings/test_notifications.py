import pytest
from django.core import mail
from django.urls import reverse

from meetings import services, tasks  # noqa: F401 (the task, registered for eager runs)
from meetings.models import Subscription
from meetings.notifications import version_notify


@pytest.fixture
def subscriber(users, package):
    user = users["municipality"]
    user.email = "kommune@example.dk"
    user.save()
    Subscription.objects.create(user=user, body=package["meeting"].body)
    return user


def test_subscribers_get_the_new_version_with_its_change_summary(subscriber, package):
    item = package["open_item"]
    item.title = "Vækst Via Viden 2024"
    item.save()
    version = services.meeting_publish(meeting=package["meeting"])
    assert version_notify(version_id=version.pk, base_url="https://kkr.example.dk") == 1
    (message,) = mail.outbox
    assert message.to == ["kommune@example.dk"]
    assert message.subject.endswith("– version 2")
    assert "Punkt 1.1 har fået ny titel: Vækst Via Viden 2024." in message.body
    assert f"https://kkr.example.dk/moeder/{package['meeting'].pk}/version/2/" in message.body
    assert "LUKKETTEKST" not in message.body and "Fortroligt notat" not in message.body


def test_publishing_sends_after_commit(
    subscriber, package, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from kkr_portal.celery import app

    app.conf.task_always_eager = True
    item = package["open_item"]
    item.title = "Vækst Via Viden 2024"
    item.save()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_publish(meeting=package["meeting"])
    finally:
        app.conf.task_always_eager = False
    assert [m.subject.split(" – ")[-1] for m in mail.outbox] == ["version 2"]


def test_no_subscribers_no_mail(package):
    version = package["meeting"].versions.get()
    assert version_notify(version_id=version.pk) == 0
    assert mail.outbox == []


def test_subscription_page(client_for, users, package):
    client = client_for("council_member")
    url = reverse("meetings:subscriptions")
    client.post(url, {"bodies": [package["meeting"].body.pk]})
    assert Subscription.objects.filter(user=users["council_member"]).count() == 1
    client.post(url, {})
    assert not Subscription.objects.exists()


def test_each_subscriber_is_written_to_in_the_language_they_read_in(
    subscriber, users, client_for, package
):
    member = users["council_member"]
    member.email = "medlem@example.dk"
    member.save()
    english = client_for("council_member")
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    english.post(reverse("meetings:subscriptions"), {"bodies": [package["meeting"].body.pk]})
    assert Subscription.objects.get(user=member).language == "en"
    item = package["open_item"]
    item.title = "Vækst Via Viden 2024"
    item.save()
    version = services.meeting_publish(meeting=package["meeting"])
    assert version_notify(version_id=version.pk) == 2
    mails = {message.to[0]: message for message in mail.outbox}
    danish, english_mail = mails["kommune@example.dk"], mails["medlem@example.dk"]
    assert danish.subject.startswith("Dagsorden: ") and danish.subject.endswith("– version 2")
    assert " er offentliggjort." in danish.body and " kl. " in danish.body
    assert "Punkt 1.1 har fået ny titel: Vækst Via Viden 2024." in danish.body
    assert english_mail.subject.startswith("Agenda: ")
    assert english_mail.subject.endswith("– version 2")
    assert " has been published." in english_mail.body and " at " in english_mail.body
    assert "Item 1.1 has a new title: Vækst Via Viden 2024." in english_mail.body
    assert "Dagsorden" not in english_mail.subject + english_mail.body


def test_switching_language_changes_the_language_of_the_e_mails(subscriber, client_for):
    client = client_for("municipality")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert Subscription.objects.get(user=subscriber).language == "en"
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert Subscription.objects.get(user=subscriber).language == "da"
    page = client.get(reverse("meetings:subscriptions")).content.decode()
    assert "E-mails sendes på dansk, det sprog du bruger portalen på" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("search:agents")).content.decode()
    assert "E-mails are sent in English, the language you use the portal in" in page
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    # Anyone else's stay as they are.
    client_for("anonymous").post(reverse("set_language"), {"language": "en", "next": "/"})
    assert Subscription.objects.get(user=subscriber).language == "da"
