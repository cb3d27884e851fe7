"""Demo data modelled on the KKR Nordjylland meeting of 22 September 2023 (seed 003), with the
year of meetings around it (meetings/demo_year.py)."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from meetings import services
from meetings.demo_year import load_year
from meetings.models import (
    AgendaItem,
    AgendaSection,
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

P = "<p>{}</p>".format


def _ul(*lines):
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


# Seed 003, item 2.2 "Samlet måltal for 2024": share of jobs (%) and target, as printed (the
# key "Vækst Via Viden 2024 – kommunale måltal" holds the same figures; tests compare them).
VVV_TARGETS = [
    ("Frederikshavn/Læsø", 11, 55), ("Hjørring", 11, 55), ("Brønderslev", 6, 30),
    ("Thisted", 9, 45), ("Morsø", 4, 20), ("Jammerbugt", 9, 45), ("Aalborg", 31, 155),
    ("Rebild", 5, 25), ("Mariagerfjord", 8, 40), ("Vesthimmerland", 7, 35),
]  # fmt: skip
VVV_TABLE = (
    "<table><thead><tr><th>Kommune</th><th>Andel af arbejdspladser</th><th>Måltal 2024</th></tr>"
    "</thead><tbody>"
    + "".join(f"<tr><td>{n}</td><td>{share} %</td><td>{t}</td></tr>" for n, share, t in VVV_TARGETS)
    + "</tbody></table>"
)

AGENDA = [
    ("Godkendelse af referat", [
        dict(title="Godkendelse af dagsorden", case_number="SAG-2023-03908", initials="hast",
             background=P("Godkendelse af dagsorden til møde i KKR Nordjylland den 22. september 2023."),
             recommendation=P("Det indstilles, at dagsorden til møde i KKR Nordjylland den 22. september 2023 godkendes."),
             presentation=P("Dagsorden er udsendt den 14. september 2023.") + P("Dagens program er følgende:")
             + _ul("8.15-8.45 – ankomst og morgenmad", "8.45-9.45 – gruppemøder",
                   "9.45-12.00 – KKR-møde", "12.00-12.30 – frokost"),
             decision=P("Dagsordenen blev godkendt.")),
        dict(title="Godkendelse af referat", case_number="SAG-2023-03908", initials="hast",
             background=P("Godkendelse af referat fra møde i KKR Nordjylland den 23. juni 2023."),
             recommendation=P("Det indstilles, at referat fra møde i KKR Nordjylland den 23. juni 2023 godkendes."),
             presentation=P("Referatet er udsendt den 27. juni 2023. Der er ikke indkommet bemærkninger til det udsendte referat."),
             decision=P("Referatet blev godkendt.")),
        dict(title="Udpegninger", case_number="SAG-2023-03908", initials="hlth", closed=True,
             recommendation=P("Det indstilles, at KKR Nordjylland udpeger til de nævnte politiske poster."),
             presentation=P("Indstillingerne til posterne fremgår af det lukkede bilag. Personsager behandles for lukkede døre."),
             decision=P("Indstillingerne blev godkendt."),
             annexes=[("Indstillinger til politiske poster", True, 2)]),
    ]),
    ("Regionalpolitiske sager", [
        dict(title="KKR Nordjyllands Beskæftigelsespolitiske fokuspunkter", case_number="SAG-2023-03908", initials="hlth/nby",
             background=P("På møde den 23. september 2022 besluttede KKR Nordjylland, at KKR Nordjyllands beskæftigelsespolitiske fokuspunkt i perioden 2022-2025 er: Tilstrækkelig og kvalificeret arbejdskraft til offentlige og private arbejdspladser i Nordjylland."),
             recommendation=P("Det indstilles, at KKR Nordjylland:") + _ul(
                 "Tager orientering om udmøntning af KKR Nordjyllands beskæftigelsespolitiske fokuspunkt til efterretning",
                 "Tager orientering om kommende interessevaretagende tiltag til efterretning",
                 "Drøfter og godkender forslag om kommunale prøvehandling rettet mod ufaglærte studenter"),
             presentation=P("FremKom4-analysen peger på tre centrale udfordringer for Nordjylland:") + _ul(
                 "En <em>balanceudfordring</em> mellem hvor mange, der uddannes, og hvor mange der efterspørges frem mod 2026.",
                 "En <em>matchudfordring</em>, hvor arbejdspladser ikke er tilstrækkelig attraktive for de medarbejdere, de har behov for.",
                 "En <em>omstillingsudfordring</em>, som følge af grøn omstilling, automatisering og digitalisering."),
             annexes=[("Status på beskæftigelsespolitisk fokuspunkt", False, 6)]),
        dict(title="Vækst Via Viden", case_number="SAG-2023-03908", initials="hlth/nby",
             background=P("KKR Nordjylland besluttede den 23. september 2022, at Vækst Via Viden skal videreføres og videreudvikles."),
             recommendation=P("Det indstilles at KKR Nordjylland:") + _ul(
                 "Godkender permanentgørelsen af Vækst Via Viden som samarbejdsmodel i Nordjylland",
                 "Anmoder Business Region North Denmark om fortsat politisk opbakning"),
             presentation=P("Måltal for 2024 fastsættes til i alt 715 match: 500 match for kommunerne (jobcentre og erhvervskontorer), baseret på kommunernes andel af arbejdspladser i Nordjylland, og 215 match for øvrige samarbejdspartnere (UCN 70, AAU 70, MA 25, International House 10, HK 30, AMK 10).")
             + VVV_TABLE,
             annexes=[("Vækst Via Viden – sammen om vækst i Nordjylland", False, 12), ("Høringssvar fra partnerne", False, 4)]),
        dict(title="Status for erhvervsfremmesystemet og proces for udarbejdelse af resultatkontrakt 2024", case_number="SAG-2023-03908", initials="hlth",
             recommendation=P("Det indstilles, at KKR Nordjylland tager orienteringen til efterretning og godkender processen for resultatkontrakt 2024."),
             presentation=P("Erhvervshus Nordjylland giver en status for erhvervsfremmesystemet."),
             annexes=[("Udkast til regionale mål 2024", False, 3)]),
        dict(title="Godkendelse af notat om udmøntning af midler til de nordjyske kommuner til telemedicinsk hjemmemonitorering af borgere med hjertesvigt", case_number="SAG-2023-03908", initials="hlth",
             recommendation=P("Det indstilles, at KKR Nordjylland godkender notatet."),
             presentation=P("Midlerne fordeles efter indbyggertal.")),
        dict(title="Socialtilsyn Nord – budget og takster for 2024", case_number="SAG-2023-03908", initials="hlth",
             recommendation=P("Det indstilles, at KKR Nordjylland tager budget og takster for 2024 til efterretning."),
             presentation=P("Socialtilsyn Nord har udarbejdet budget og takster for 2024."),
             annexes=[("Budget og takster 2024 for Socialtilsyn Nord", False, 5)]),
        dict(title="Fordeling af lærepladser på SOSU-uddannelserne for 2024", case_number="SAG-2023-03908", initials="hlth",
             recommendation=P("Det indstilles, at KKR Nordjylland godkender fordelingen af lærepladser for 2024."),
             presentation=P("Fordelingen sker efter andel af beskæftigede på ældreområdet.")),
        dict(title="Den nationale Klimaalliance og opstart af KlimaNord", case_number="SAG-2023-03908", initials="hlth",
             recommendation=P("Det indstilles, at KKR Nordjylland tager orienteringen til efterretning."),
             presentation=P("KlimaNord skal understøtte kommunernes arbejde med CO₂-reduktion.")),
    ]),
    ("Siden sidst", [
        dict(title="Siden sidst", case_number="SAG-2023-03908", initials="hlth",
             recommendation=P("Det indstilles, at KKR Nordjylland tager orienteringen til efterretning."),
             presentation=P("Orientering om aktuelle sager.")),
    ]),
    ("Punkter til næste møde", [
        dict(title="Punkter til næste møde", case_number="SAG-2023-03908", initials="hlth",
             recommendation=P("Det indstilles, at KKR Nordjylland drøfter punkter til næste møde.")),
    ]),
    ("Eventuelt", [dict(title="Eventuelt", case_number="", initials="")]),
]  # fmt: skip


def demo_pdf(title: str, pages: int, *, subtitle: str = "") -> bytes:
    """A small, real PDF for demo annexes and tests."""
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
            user.set_password(password)
            user.save()
            user.groups.add(groups[group])
        logins.append((group, username, password))
    members = _demo_members(kkr, municipalities)
    members["Mogens Gade"].user = User.objects.get(username="medlem")
    members["Mogens Gade"].save()
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
    load_year(kkr, members, names, secretary, pdf=demo_pdf, tz=CPH)
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
    from meetings.models import Attendance

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
    from meetings.models import Appointment

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
    for section_position, (section_title, items) in enumerate(AGENDA, start=1):
        section = AgendaSection.objects.create(
            meeting=meeting, position=section_position, title=section_title
        )
        for item_position, spec in enumerate(items, start=1):
            spec = dict(spec)
            annexes = spec.pop("annexes", [])
            item = AgendaItem.objects.create(section=section, position=item_position, **spec)
            for title, closed, pages in annexes:
                uploaded = SimpleUploadedFile(
                    f"{title.replace(' ', '_')}.pdf",
                    demo_pdf(title, pages, subtitle=f"Bilag til punkt {item.number}"),
                    content_type="application/pdf",
                )
                services.annex_create(item=item, uploaded=uploaded, title=title, closed=closed)
    return meeting
