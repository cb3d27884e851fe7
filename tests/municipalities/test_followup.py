"""A decision followed through the 11 municipal councils: rows, who may change them, the pages,
and reminders sent once at the right time (time frozen)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kkr_portal.transitions import InvalidTransition
from municipalities import selectors, services
from municipalities.models import CouncilTreatment, MunicipalityContact
from tests.factories import ItemFactory, MeetingFactory, SectionFactory
from tests.municipalities.helpers import (
    decided_item,
    municipalities_make,
    municipality_user,
    referral_make,
)

CPH = ZoneInfo("Europe/Copenhagen")
Status = CouncilTreatment.Status
ROLES = ("secretariat", "council_member", "municipality", "anonymous")


@pytest.fixture
def kommuner(db):
    return municipalities_make()


def test_marking_a_decision_gives_eleven_rows_sent_today(kommuner):
    referral = referral_make()
    rows = selectors.treatments_of_referral(referral)
    assert [row.municipality.name for row in rows] == [
        "Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt", "Læsø", "Mariagerfjord",
        "Morsø", "Rebild", "Thisted", "Vesthimmerland", "Aalborg",
    ]  # fmt: skip
    assert {row.status for row in rows} == {Status.SENT}
    assert {row.sent_on for row in rows} == {datetime.date.today()}
    assert rows[0].history.count() == 1


def test_a_decision_not_yet_in_published_minutes_cannot_be_marked(kommuner):
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), decision="<p>Godkendt</p>")
    from meetings import services as meeting_services

    meeting_services.meeting_publish(meeting=meeting)  # the agenda, not the minutes
    with pytest.raises(ValidationError) as refused:
        services.referral_create(item=item, deadline=datetime.date.today() + datetime.timedelta(30))
    assert refused.value.messages == [
        "Punktets beslutning er ikke offentliggjort i et referat endnu."
    ]


def test_municipality_user_changes_only_their_own_row(kommuner, users):
    referral = referral_make()
    aalborg_user = municipality_user("aalborg", kommuner["Aalborg"])
    own = referral.treatments.get(municipality=kommuner["Aalborg"])
    other = referral.treatments.get(municipality=kommuner["Læsø"])
    client = Client()
    client.force_login(aalborg_user)
    form = {
        "status": "on_agenda",
        "agenda_date": "2030-01-15",
        "agenda_url": "https://aalborg.dk/dagsorden",
    }
    assert client.get(reverse("municipalities:treatment_edit", args=[other.pk])).status_code == 403
    response = client.post(reverse("municipalities:treatment_edit", args=[other.pk]), form)
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == Status.SENT and other.agenda_date is None
    response = client.post(reverse("municipalities:treatment_edit", args=[own.pk]), form)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.agenda_date, own.agenda_url, own.updated_by) == (
        Status.ON_AGENDA, datetime.date(2030, 1, 15), "https://aalborg.dk/dagsorden", aalborg_user,
    )  # fmt: skip
    assert own.history.first().history_user == aalborg_user
    # The secretariat changes any row; council members and a municipality login without a
    # municipality change none.
    services.treatment_update(treatment=other, user=users["secretariat"], status="not_relevant")
    for role in ("council_member", "municipality"):
        with pytest.raises(PermissionDenied):
            services.treatment_update(treatment=own, user=users[role], status="sent")
    assert CouncilTreatment.objects.get(pk=other.pk).status == Status.NOT_RELEVANT


def test_decided_needs_date_and_outcome_and_keeps_the_form(kommuner, users):
    referral = referral_make()
    row = referral.treatments.get(municipality=kommuner["Rebild"])
    client = Client()
    client.force_login(users["secretariat"])
    url = reverse("municipalities:treatment_edit", args=[row.pk])
    response = client.post(
        url, {"status": "decided", "outcome": "with_changes", "outcome_text": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv datoen for kommunalbestyrelsens beslutning." in page
    assert "Skriv kort, hvad der blev ændret." in page
    assert 'value="with_changes" selected' in page
    row.refresh_from_db()
    assert row.status == Status.SENT
    client.post(url, {"status": "decided", "decided_on": "2030-02-01", "outcome": "with_changes",
                      "outcome_text": "Godkendt  med  færre pladser"})  # fmt: skip
    row.refresh_from_db()
    assert (row.status, row.decided_on, row.get_outcome_display(), row.outcome_text) == (
        Status.DECIDED, datetime.date(2030, 2, 1), "med ændringer", "Godkendt med færre pladser",
    )  # fmt: skip
    with pytest.raises(InvalidTransition):
        services.treatment_update(treatment=row, user=users["secretariat"], status="not_relevant")


def test_decision_page_shows_eleven_rows_with_state_and_dates(kommuner, users):
    referral = referral_make()
    row = referral.treatments.get(municipality=kommuner["Thisted"])
    services.treatment_update(
        treatment=row, user=users["secretariat"], status="decided",
        agenda_date=datetime.date(2030, 1, 10), decided_on=datetime.date(2030, 1, 10),
        outcome="as_recommended",
    )  # fmt: skip
    page = Client().get(reverse("municipalities:followup_detail", args=[referral.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("<tr>") == 12  # header and 11 municipalities
    assert "Fordeling af lærepladser på SOSU-uddannelserne" in text
    assert "Anbefalingen blev godkendt." in text
    assert "som indstillet" in text and "10.01.2030" in text
    assert "Opdatér" not in text  # anonymous readers update nothing


def test_municipality_page_lists_overdue_first(kommuner, users):
    today = datetime.date.today()
    later = referral_make(deadline=today + datetime.timedelta(days=40), title="Senere sag")
    with time_machine.travel(datetime.datetime.now(CPH) - datetime.timedelta(days=20), tick=False):
        overdue = referral_make(
            deadline=today - datetime.timedelta(days=2), title="Overskreden sag"
        )
        done = referral_make(deadline=today + datetime.timedelta(days=5), title="Behandlet sag")
    services.treatment_update(
        treatment=done.treatments.get(municipality=kommuner["Læsø"]), user=users["secretariat"],
        status="not_relevant",
    )  # fmt: skip
    rows = selectors.treatments_of_municipality(kommuner["Læsø"], user=None)
    assert [(r.referral_id, r.overdue) for r in rows] == [
        (overdue.pk, True), (later.pk, False), (done.pk, False),
    ]  # fmt: skip
    text = (
        Client().get(reverse("municipalities:municipality_followup", args=[825])).content.decode()
    )
    assert text.index("Overskreden sag") < text.index("Senere sag") < text.index("Behandlet sag")
    assert "fristen er overskredet" in text


def test_reminders_go_once_at_the_right_time(kommuner, settings):
    settings.FOLLOWUP_REMINDER_DAYS = 14
    with time_machine.travel(datetime.datetime(2030, 1, 2, 9, 0, tzinfo=CPH), tick=False):
        referral = referral_make(deadline=datetime.date(2030, 3, 1))
    MunicipalityContact.objects.create(
        municipality=kommuner["Aalborg"], name="Sekretariatet", email="kb@aalborg.dk"
    )
    municipality_user("hjoerring", kommuner["Hjørring"], email="kb@hjoerring.dk")
    row = referral.treatments.get(municipality=kommuner["Rebild"])
    row.status = Status.NOT_RELEVANT
    row.save()
    # 15 days before the deadline: too early.
    with time_machine.travel(datetime.datetime(2030, 2, 14, 23, 30, tzinfo=CPH), tick=False):
        assert services.reminders_send() == 0
    assert mail.outbox == []
    # 14 days before (Copenhagen midnight), each municipality with a contact gets one reminder.
    with time_machine.travel(datetime.datetime(2030, 2, 15, 0, 5, tzinfo=CPH), tick=False):
        assert services.reminders_send() == 2
        assert services.reminders_send() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["kb@aalborg.dk", "kb@hjoerring.dk"]
    message = mail.outbox[0]
    assert "senest 01.03.2030" in message.subject
    assert "1.1 Fordeling af lærepladser på SOSU-uddannelserne" in message.subject
    assert "/kommuner/" in message.body
    # Later runs, and runs after the deadline, send nothing more.
    with time_machine.travel(datetime.datetime(2030, 2, 28, 12, 0, tzinfo=CPH), tick=False):
        assert services.reminders_send() == 0
    with time_machine.travel(datetime.datetime(2030, 3, 2, 12, 0, tzinfo=CPH), tick=False):
        MunicipalityContact.objects.create(
            municipality=kommuner["Læsø"], name="L", email="kb@laeso.dk"
        )
        assert services.reminders_send() == 0
    assert len(mail.outbox) == 2


def test_decided_rows_get_no_reminder(kommuner, users, settings):
    settings.FOLLOWUP_REMINDER_DAYS = 14
    with time_machine.travel(datetime.datetime(2030, 1, 2, 9, 0, tzinfo=CPH), tick=False):
        referral = referral_make(deadline=datetime.date(2030, 3, 1))
        row = referral.treatments.get(municipality=kommuner["Morsø"])
        services.treatment_update(
            treatment=row, user=users["secretariat"], status="decided",
            decided_on=datetime.date(2030, 1, 20), outcome="rejected",
        )  # fmt: skip
    MunicipalityContact.objects.create(
        municipality=kommuner["Morsø"], name="M", email="kb@morsoe.dk"
    )
    with time_machine.travel(datetime.datetime(2030, 2, 20, 9, 0, tzinfo=CPH), tick=False):
        assert services.reminders_send() == 0
    assert mail.outbox == []


def test_withdrawn_package_takes_its_follow_up_away_from_readers(kommuner, users):
    referral = referral_make()
    from meetings import services as meeting_services

    version = referral.item.section.meeting.versions.get()
    meeting_services.version_withdraw(version=version, user=users["secretariat"], reason="Fejl")
    url = reverse("municipalities:followup_detail", args=[referral.pk])
    assert Client().get(url).status_code == 404
    assert [r.referral_id for r in selectors.consultations(user=None)] == []
    assert selectors.consultations(user=users["secretariat"]).count() == 11


def test_closed_item_decision_is_not_shown_to_the_public(kommuner, client_for):
    item = decided_item(title="Udpegning til bestyrelse", closed=True)
    referral = services.referral_create(
        item=item, deadline=datetime.date.today() + datetime.timedelta(9)
    )
    url = reverse("municipalities:followup_detail", args=[referral.pk])
    public = client_for("municipality").get(url).content.decode()
    members = client_for("council_member").get(url).content.decode()
    assert "Udpegning til bestyrelse" in public and "Anbefalingen blev godkendt." not in public
    assert "Anbefalingen blev godkendt." in members


def test_municipality_calendar_has_deadline_and_council_meeting(kommuner, users):
    referral = referral_make(deadline=datetime.date(2031, 5, 1))
    row = referral.treatments.get(municipality=kommuner["Thisted"])
    services.treatment_update(
        treatment=row, user=users["secretariat"], status="on_agenda",
        agenda_date=datetime.date(2031, 4, 20),
    )  # fmt: skip
    body = Client().get(reverse("municipalities:municipality_calendar", args=[787])).content
    text = body.decode().replace("\r\n ", "")
    assert (
        "SUMMARY:Frist: 1.1 Fordeling af lærepladser på SOSU-uddannelserne (på kommunalbestyrelsens dagsorden)"
        in text
    )
    assert "DTSTART;VALUE=DATE:20310501" in text
    assert "SUMMARY:I kommunalbestyrelsen: 1.1 Fordeling" in text
    assert "DTSTART;VALUE=DATE:20310420" in text
    other = (
        Client().get(reverse("municipalities:municipality_calendar", args=[825])).content.decode()
    )
    assert "DTSTART;VALUE=DATE:20310420" not in other


@pytest.mark.parametrize("role", ["secretariat", "council_member", "municipality", "anonymous"])
def test_every_page_leads_to_the_municipalities_side(kommuner, users, role):
    """The councils' follow-up is in the main menu for everyone; a municipality's own user
    finds their municipality's page (its cases, packs and calendar) beside their name."""
    client = Client()
    if role == "municipality":
        client.force_login(municipality_user("hjoerring", kommuner["Hjørring"]))
    elif users[role] is not None:
        client.force_login(users[role])
    html = client.get(reverse("meetings:meeting_list")).content.decode()
    nav = html[html.index('<ul class="nav">') : html.index("</nav>")]
    assert f'<a href="{reverse("municipalities:followup_index")}">Kommunerne</a>' in nav
    own = reverse("municipalities:municipality_followup", args=[kommuner["Hjørring"].code])
    assert (f'<a href="{own}">Hjørring Kommune</a>' in nav) is (role == "municipality")


def test_follow_up_pages_tell_the_meeting_as_published_not_the_live_draft(kommuner, client_for):
    """An unpublished move of the meeting is the secretariat's draft: the follow-up pages keep
    saying what was published, like every reader page."""
    from django.utils import translation

    from meetings.text import format_date

    referral = referral_make()
    meeting = referral.item.section.meeting
    with translation.override("da"):
        published = format_date(meeting.start, "day")
        meeting.start += datetime.timedelta(days=300)
        meeting.save()
        moved = format_date(meeting.start, "day")
    for role in ("anonymous", "municipality", "council_member"):
        client = client_for(role)
        for url in (reverse("municipalities:followup_index"),
                    reverse("municipalities:followup_detail", args=[referral.pk])):  # fmt: skip
            html = client.get(url).content.decode()
            assert published in html and moved not in html, (role, url)


def test_a_referred_item_links_to_its_follow_up_even_on_a_kept_page(kommuner, client_for, settings):
    """Readers of the meeting go from the item to the councils' treatment of its decision. The
    meeting page is kept per audience, so making (or undoing) the referral renews it."""
    settings.FROZEN_PAGES = True
    item = decided_item()
    page = reverse("meetings:meeting_detail", args=[item.section.meeting_id])
    before = {role: client_for(role).get(page).content.decode() for role in ROLES}
    assert not any("kommunalbestyrelsernes behandling af" in html for html in before.values())
    referral = services.referral_create(
        item=item, deadline=datetime.date.today() + datetime.timedelta(days=30)
    )
    link = reverse("municipalities:followup_detail", args=[referral.pk])
    for role in ROLES:
        html = client_for(role).get(page).content.decode()
        (article,) = [part.split("</article>")[0] for part in html.split('<article class="item"')[1:]
                      if item.title in part.split("</article>")[0]]  # fmt: skip
        assert (
            f'<a href="{link}">Følg kommunalbestyrelsernes behandling af beslutningen</a>'
            in article
        ), role
        assert client_for(role).get(link).status_code == 200
    referral.delete()
    assert link not in client_for("anonymous").get(page).content.decode()


def test_the_secretariat_picks_the_decision_to_send_from_published_minutes(kommuner, client_for):
    """The referral form offers the decisions of published minutes not yet sent, named by
    meeting date, number and title (no id to look up); a link may name the item; once sent, the
    item is no longer offered and the referral's deadline can still be changed."""
    from meetings.text import format_date
    from municipalities.models import CouncilReferral
    from tests.forms import form_data

    decided = decided_item()
    undecided = ItemFactory(section=decided.section, position=2, title="Ubesluttet punkt")
    client = client_for("secretariat")
    add = reverse("admin:municipalities_councilreferral_add")
    # The item's own page in the builder offers the step (the undecided one does not).
    item_page = reverse("admin:meetings_agendaitem_change", args=[decided.pk])
    offer = f'<a href="{add}?item={decided.pk}" data-needs-saved>Send beslutningen til'
    assert offer in client.get(item_page).content.decode()
    other_page = reverse("admin:meetings_agendaitem_change", args=[undecided.pk])
    assert "Send beslutningen til" not in client.get(other_page).content.decode()
    html = client.get(add, {"item": decided.pk}).content.decode()
    label = f"{format_date(decided.section.meeting.start, 'day')} · "
    assert f'<option value="{decided.pk}" selected>{label}' in html
    assert f'value="{undecided.pk}"' not in html
    deadline = datetime.date.today() + datetime.timedelta(days=40)
    data = {**form_data(html, "councilreferral_form"), "item": decided.pk,
            "deadline": deadline.strftime("%d.%m.%Y")}  # fmt: skip
    answer = client.post(add, data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    referral = CouncilReferral.objects.get(item=decided)
    assert referral.treatments.count() == 11
    assert f'value="{decided.pk}"' not in client.get(add).content.decode()
    change = reverse("admin:municipalities_councilreferral_change", args=[referral.pk])
    assert f'<a href="{change}" data-needs-saved>Følges i kommunalbestyrelserne</a>' in (
        client.get(item_page).content.decode()
    )
    change_page = client.get(change).content.decode()
    # The eleven rows in Danish order (Aalborg last), dates written short.
    rows = re.findall(r'<td class="field-municipality">\s*<p><a [^>]+>([^<]+)</a>', change_page)
    assert rows[0] == "Brønderslev" and rows[-1] == "Aalborg" and len(rows) == 11
    assert datetime.date.today().strftime("%d.%m.%Y") in change_page
    assert change_page.count("css/admin-extra.css") == 1  # its rows' captions are hidden there
    later = deadline + datetime.timedelta(days=7)
    data = {**form_data(change_page, "councilreferral_form"),
            "deadline": later.strftime("%d.%m.%Y")}  # fmt: skip
    assert client.post(change, data).status_code == 302
    referral.refresh_from_db()
    assert referral.deadline == later
