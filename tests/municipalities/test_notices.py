"""When KKR Nordjylland sends a decision to the 11 councils, each municipality is told at once by
e-mail (what, decided when, the decision, the deadline and where to update its row): once per
municipality, also when two runs meet, and again later for one that had nobody to tell or whose
mail server failed."""

import datetime

import pytest
from django.core import mail

from municipalities import selectors, services
from municipalities.models import CouncilTreatment, MunicipalityContact
from tests.municipalities.helpers import decided_item, municipalities_make, municipality_user


@pytest.fixture
def kommuner(db):
    found = municipalities_make()
    MunicipalityContact.objects.create(
        municipality=found["Aalborg"], name="Byrådssekretariatet", email="byraad@aalborg.dk"
    )
    municipality_user("hjoerring", found["Hjørring"], email="kb@hjoerring.dk")
    return found


def _send(item, deadline, django_capture_on_commit_callbacks):
    """Sent as the admin sends it: the mail task is queued once the referral is saved."""
    with django_capture_on_commit_callbacks() as callbacks:
        referral = services.referral_create(item=item, deadline=deadline)
    assert "_followup_mail_dispatch" in [c.__name__ for c in callbacks]
    return referral


def test_each_municipality_is_told_once_of_a_decision_sent_to_the_councils(
    kommuner, django_capture_on_commit_callbacks
):
    item = decided_item()
    deadline = datetime.date.today() + datetime.timedelta(days=60)
    referral = _send(item, deadline, django_capture_on_commit_callbacks)
    assert services.followup_mail_send() == 2
    assert services.followup_mail_send() == 0
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"byraad@aalborg.dk", "kb@hjoerring.dk"}
    message = by_address["kb@hjoerring.dk"]
    decision = selectors.published_decision(item)
    assert message.subject == (
        f"Ny sag til kommunalbestyrelsen: {decision.number} "
        f"Fordeling af lærepladser på SOSU-uddannelserne, frist {deadline:%d.%m.%Y}"
    )
    assert message.body.startswith("Til Hjørring Kommune")
    assert "Anbefalingen blev godkendt." in message.body and "<p>" not in message.body
    assert "/kommuner/860/" in message.body
    told = CouncilTreatment.objects.filter(referral=referral, notice_sent_at__isnull=False)
    assert sorted(told.values_list("municipality__name", flat=True)) == ["Aalborg", "Hjørring"]


def test_a_municipality_without_anyone_to_tell_is_told_when_it_has_someone(kommuner):
    services.referral_create(
        item=decided_item(), deadline=datetime.date.today() + datetime.timedelta(days=60)
    )
    assert services.notices_send() == 2
    MunicipalityContact.objects.create(
        municipality=kommuner["Læsø"], name="Læsø", email="post@laesoe.dk"
    )
    assert services.notices_send() == 1
    assert mail.outbox[-1].to == ["post@laesoe.dk"]


def test_a_failed_mail_is_sent_again_by_the_next_run(kommuner, settings):
    services.referral_create(
        item=decided_item(), deadline=datetime.date.today() + datetime.timedelta(days=60)
    )
    settings.EMAIL_BACKEND = "tests.municipalities.test_notices.RefusingBackend"
    assert services.notices_send() == 0
    assert not CouncilTreatment.objects.filter(notice_sent_at__isnull=False).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.notices_send() == 2


def test_a_treated_row_or_a_passed_deadline_gets_no_notice(kommuner):
    referral = services.referral_create(
        item=decided_item(), deadline=datetime.date.today() + datetime.timedelta(days=60)
    )
    referral.treatments.filter(municipality__name="Aalborg").update(
        status=CouncilTreatment.Status.NOT_RELEVANT
    )
    assert services.notices_send() == 1 and mail.outbox[0].to == ["kb@hjoerring.dk"]
    # A decision whose deadline has passed before anyone could be told is not told of late.
    services.referral_create(
        item=decided_item(title="Kort frist"),
        deadline=datetime.date.today() + datetime.timedelta(days=2),
    )
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=5)
    assert services.notices_send(now=later) == 0


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server does not answer")


def test_the_secretariat_learns_which_municipalities_cannot_be_told(kommuner, client_for):
    """Sending a decision from the admin says who the mail will not reach, so a contact can be
    added before the deadline comes near."""
    from django.urls import reverse

    from tests.forms import form_data

    item = decided_item()
    client = client_for("secretariat")
    add = reverse("admin:municipalities_councilreferral_add")
    deadline = datetime.date.today() + datetime.timedelta(days=40)
    data = {**form_data(client.get(add, {"item": item.pk}).content.decode(), "councilreferral_form"),
            "item": item.pk, "deadline": deadline.strftime("%d.%m.%Y")}  # fmt: skip
    page = client.post(add, data, follow=True).content.decode()
    assert (
        "Kommunerne får besked pr. e-mail, undtagen Brønderslev, Frederikshavn, Jammerbugt, Læsø, "
        "Mariagerfjord, Morsø, Rebild, Thisted, Vesthimmerland, som ingen har at sende til"
    ) in page
