"""Demo data modelled on the KKR Nordjylland meeting of 22 September 2023 (seed 003), with the
year of meetings around it (meetings/demo_year.py)."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.db import transaction

from meetings import services
from meetings.demo_year import AGENDAS, build_agenda, load_year
from meetings.models import (
    AgendaItem,
    Appointment,
    Attendance,
    Body,
    Meeting,
    Membership,
    Municipality,
    PackageVersion,
    Person,
)
from meetings.rules import COUNCIL_MEMBER, MUNICIPALITY, ROLE_GROUPS, SECRETARIAT

DEMO_MEETING_UID = uuid.UUID("6b1f4a52-0c1e-4a55-9d4f-22092023a945")
CPH = ZoneInfo("Europe/Copenhagen")

MUNICIPALITIES = [
    ("Morsø", 773), ("Thisted", 787), ("Brønderslev", 810), ("Frederikshavn", 813),
    ("Vesthimmerland", 820), ("Læsø", 825), ("Rebild", 840), ("Mariagerfjord", 846),
    ("Jammerbugt", 849), ("Aalborg", 851), ("Hjørring", 860),
]  # fmt: skip

DEMO_USERS = [
    # username, password, group, full name
    ("sekretariat", "kkr-sekretariat-demo", SECRETARIAT, "Helle Thomsen"),
    ("medlem", "kkr-medlem-demo", COUNCIL_MEMBER, "Mogens Gade"),
    ("kommune", "kkr-kommune-demo", MUNICIPALITY, "Karen Jensen"),
]


def demo_pdf(title: str, pages: int, *, subtitle: str = "") -> bytes:
    """A plain PDF of `pages` pages, each with its title and number (the benchmarks' annexes)."""
    from weasyprint import HTML

    body = "".join(
        f'<section style="page-break-after: always"><h1>{title}</h1><p>{subtitle}</p>'
        f"<p>Side {page} af {pages}. Kommunerne i Nordjylland samarbejder om opgaverne.</p></section>"
        for page in range(1, pages + 1)
    )
    return HTML(string=f"<html lang='da'><body>{body}</body></html>").write_pdf()


def roles_ensure():
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}


def municipalities_ensure():
    return [
        Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]
        for name, code in MUNICIPALITIES
    ]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create (once) the body, municipalities, demo users and the demo meeting; return logins."""
    groups = roles_ensure()
    municipalities = {m.name: m for m in municipalities_ensure()}
    kkr, _ = Body.objects.get_or_create(
        slug="kkr-nordjylland", defaults={"name": "KKR Nordjylland"}
    )
    logins = []
    for username, password, group, full_name in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            first, _, last = full_name.partition(" ")
            user.first_name, user.last_name = first, last
            user.is_staff = group == SECRETARIAT
            # Reserved for examples: subscriptions and saved searches go to the console.
            user.email = f"{username}@kkr-nordjylland.example"
            user.set_password(password)
            user.save()
            user.groups.add(groups[group])
        logins.append((group, username, password))
    members = _demo_members(kkr, municipalities)
    members["Mogens Gade"].user = User.objects.get(username="medlem")
    members["Mogens Gade"].save()
    # The municipality login works for Hjørring Kommune: its own cases, packs and calendar.
    Person.objects.get_or_create(
        user=User.objects.get(username="kommune"),
        defaults={"name": "Karen Jensen", "municipality": municipalities["Hjørring"]},
    )
    secretary = User.objects.get(username="sekretariat")
    if not Meeting.objects.filter(uid=DEMO_MEETING_UID).exists():
        meeting = _demo_meeting(kkr)
        agenda = services.meeting_publish(meeting=meeting, user=secretary)
        _demo_attendance(meeting, members)
        minutes = services.meeting_publish_minutes(meeting=meeting, user=secretary)
        # As in seed 003: the agenda went out on 14 September, the minutes after the meeting.
        for version, when in ((agenda, (9, 14, 12)), (minutes, (9, 26, 10))):
            published = datetime.datetime(2023, *when, 0, tzinfo=CPH)
            PackageVersion.objects.filter(pk=version.pk).update(published_at=published)
        _demo_appointments(meeting, members, municipalities)
    names = [name for name, *_rest in DEMO_MEMBERS]
    load_year(kkr, members, names, secretary, tz=CPH)
    return logins


# One mayor per municipality, with the vice-mayor as personal substitute (§ 3 stk. 3), and
# three members chosen by the parties. Names are demo names, apart from the chair.
DEMO_MEMBERS = [
    ("Mogens Gade", "A", "Jammerbugt", Membership.Role.CHAIR, "Lene Holm"),
    ("Anne Kjær", "V", "Aalborg", Membership.Role.VICE_CHAIR, "Peter Bach"),
    ("Hans Møller", "A", "Brønderslev", Membership.Role.MEMBER, "Karin Lund"),
    ("Birgit Sand", "V", "Frederikshavn", Membership.Role.MEMBER, "Ole Dahl"),
    ("Jens Vang", "C", "Hjørring", Membership.Role.MEMBER, "Mette Riis"),
    ("Inger Bro", "V", "Læsø", Membership.Role.MEMBER, "Erik Lau"),
    ("Per Kamp", "A", "Mariagerfjord", Membership.Role.MEMBER, "Tove Krog"),
    ("Grete Dal", "V", "Morsø", Membership.Role.MEMBER, "Søren Eg"),
    ("Niels Hede", "A", "Rebild", Membership.Role.MEMBER, "Lis Borg"),
    ("Kirsten Å", "A", "Thisted", Membership.Role.MEMBER, "Bo Ryg"),
    ("Lars Sø", "V", "Vesthimmerland", Membership.Role.MEMBER, "Pia Mose"),
    ("Jes Lunde", "B", "Aalborg", Membership.Role.MEMBER, "Dorte Vig"),
    ("Rikke Skov", "F", "Hjørring", Membership.Role.MEMBER, "Allan Hald"),
    ("Torben Ny", "O", "Frederikshavn", Membership.Role.MEMBER, "Susanne Fyr"),
]


def _demo_members(body, municipalities):
    people = {}
    for name, party, town, role, substitute_name in DEMO_MEMBERS:
        municipality = municipalities[town]
        person, _ = Person.objects.get_or_create(
            name=name, defaults={"party": party, "municipality": municipality}
        )
        substitute, _ = Person.objects.get_or_create(
            name=substitute_name, defaults={"party": party, "municipality": municipality}
        )
        Membership.objects.get_or_create(
            person=person,
            body=body,
            defaults={
                "role": role,
                "municipality": municipality,
                "party": party,
                "substitute": substitute,
                "start": datetime.date(2022, 1, 1),
            },
        )
        people[name] = person
        people[substitute_name] = substitute
    return people


def _demo_attendance(meeting, people):
    for name, *_rest in DEMO_MEMBERS:
        status = Attendance.Status.PRESENT
        if name in ("Inger Bro", "Torben Ny"):
            status = Attendance.Status.REPORTED_ABSENT
        Attendance.objects.get_or_create(
            meeting=meeting, person=people[name], defaults={"status": status}
        )
    Attendance.objects.get_or_create(
        meeting=meeting,
        person=people["Erik Lau"],
        defaults={"status": Attendance.Status.PRESENT, "substitute_for": people["Inger Bro"]},
    )


def _demo_appointments(meeting, people, municipalities):
    item = AgendaItem.objects.get(section__meeting=meeting, title="Udpegninger")
    rows = [
        ("KKR Nordjylland", "Medlem", "Jes Lunde", "Aalborg", "B", None),
        ("Erhvervshus Nordjyllands bestyrelse", "Medlem", "Jes Lunde", "Aalborg", "B", None),
        ("Nordjyllands Trafikselskab, bestyrelsen", "Medlem", "Niels Hede", "Rebild", "A", "Lis Borg"),
        ("Det Regionale Arbejdsmarkedsråd", "Medlem", "Anne Kjær", "Aalborg", "V", None),
    ]  # fmt: skip
    for organisation, seat, name, town, party, substitute in rows:
        Appointment.objects.get_or_create(
            organisation=organisation,
            person=people[name],
            defaults={
                "seat": seat,
                "municipality": municipalities[town],
                "party": party,
                "substitute": people.get(substitute) if substitute else None,
                "start": datetime.date(2023, 10, 1),
                # One term ends soon, so the secretariat's 90-day list has something to show.
                "end": datetime.date.today()
                + datetime.timedelta(days=60 if organisation.startswith("Erhvervshus") else 800),
                "decided_by": item,
            },
        )


def _demo_meeting(body):
    meeting = Meeting.objects.create(
        uid=DEMO_MEETING_UID,
        body=body,
        title="Møde i KKR Nordjylland",
        start=datetime.datetime(2023, 9, 22, 9, 45, tzinfo=CPH),
        location="Comwell Hvide Hus Aalborg, Vesterbro 2, 9000 Aalborg",
        late_publish_reason="Demodata: mødet er hentet fra arkivet.",
    )
    build_agenda(meeting, AGENDAS["seed_meeting"])
    return meeting
