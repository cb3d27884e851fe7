"""Distribution keys from the seeds: the Erhvervshus basic grant 2023 (seed 000) and the Vækst Via
Viden 2024 municipal targets (seed 003, item 2.2)."""

import datetime
from decimal import Decimal

from django.db import transaction

from budgets import services
from budgets.models import DistributionKey, KeyBasis, KeyParticipant, KeyValue
from meetings.models import Municipality

# Seed 000, annex 4 to item 2.6, section 6 "Økonomi" (1.000 kr.); the 2023 contract's grant key.
GRANT_KEY = "Erhvervshus Nordjylland – basisbevilling 2023"
ERHVERVSHUS_2023 = [
    ("Morsø", 598), ("Thisted", 1285), ("Brønderslev", 1079), ("Frederikshavn", 1756),
    ("Vesthimmerland", 1083), ("Læsø", 53), ("Rebild", 914), ("Mariagerfjord", 1242),
    ("Jammerbugt", 1139), ("Aalborg", 6592), ("Hjørring", 1904),
]  # fmt: skip

# Seed 003, item 2.2: share of jobs (%) and the printed municipal targets.
VVV_2024 = [
    ("Frederikshavn/Læsø", 11, 55), ("Hjørring", 11, 55), ("Brønderslev", 6, 30),
    ("Thisted", 9, 45), ("Morsø", 4, 20), ("Jammerbugt", 9, 45), ("Aalborg", 31, 155),
    ("Rebild", 5, 25), ("Mariagerfjord", 8, 40), ("Vesthimmerland", 7, 35),
]  # fmt: skip


def _key(name, *, description, total, unit_label, column, source, as_of, rows):
    key = DistributionKey.objects.create(
        name=name, description=description, total=Decimal(total), unit_label=unit_label,
    )  # fmt: skip
    basis = KeyBasis.objects.create(key=key, column=column, source=source, as_of=as_of)
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for position, (name_, value, printed) in enumerate(rows, start=1):
        participant = KeyParticipant.objects.create(
            key=key, position=position, name=name_, municipality=municipalities.get(name_),
            printed_value=Decimal(printed),
        )  # fmt: skip
        KeyValue.objects.create(participant=participant, basis=basis, value=Decimal(value))
    # Approved as the secretariat would: the seeds' own printed slips are accepted warnings.
    return services.key_transition(key=key, to=key.Status.APPROVED, accept_warnings=True)


@transaction.atomic
def load_app_demo():
    if DistributionKey.objects.exists():
        load_tables()
        return
    _key(
        GRANT_KEY,
        description=(
            "De 11 kommuners finansiering af Erhvervshus Nordjyllands basisbevilling. Nøglen er "
            "befolkning efter bopælskommune 1. kvartal 2022; befolkningstallene står ikke i "
            "kontrakten, så grundlaget her er kontraktens egen fordeling (1.000 kr.)."
        ),
        total=17645, unit_label="1.000 kr.",
        column="Befolkning efter bopælskommune (som fordelt i kontrakten)",
        source="Danmarks Statistik, befolkning efter bopælskommune", as_of=datetime.date(2022, 1, 1),
        rows=[(name, value, value) for name, value in ERHVERVSHUS_2023],
    )  # fmt: skip
    _key(
        "Vækst Via Viden 2024 – kommunale måltal",
        description="500 match for kommunerne, fordelt efter andel af arbejdspladser i Nordjylland.",
        total=500, unit_label="match", column="Andel af arbejdspladser (%)",
        source="Danmarks Statistik", as_of=None, rows=VVV_2024,
    )  # fmt: skip
    load_tables()


# Seed 000, item 2.4, annexes 1 and 2: (label, side, role, (budget 2023, regnskab 2023, budget 2024), footnotes)
SUNDHED = {
    "secretariat": "Det fælleskommunale Sundhedssekretariat",
    "title": "Det fælleskommunale Sundhedssekretariat: regnskab 2023 og budget 2024",
    "pl": "4.8",
    "carried": "247397",
    "typed": {
        "Budget 2023": ("2316569", "2316569"),
        "Regnskab 2023": ("1766191", "2337680.47"),
        "Budget 2024": ("2019060", "2019060"),
    },
    "lines": [
        (
            "Indkrævet hos kommunerne",
            "income",
            "charge",
            ("1669407", "1690518.25", "1771663"),
            ("", "1", "2"),
        ),
        ("Overført overskud", "income", "carried", ("647162", "647162.22", "247397"), ()),
        ("Husleje", "expense", "", ("33076", "33889", "37618"), ("", "3", "")),
        ("Løn", "expense", "", ("1498752", "1501778", "1509563"), ()),
        ("IT, tele, licenser og abonnementer", "expense", "", ("40000", "22924", "30000"), ()),
        (
            "HR, intern service og økonomiopfølgning (Aalborg Kommune)",
            "expense",
            "",
            ("35000", "35000", "35000"),
            (),
        ),
        ("Administrationsudgifter og kontorhold", "expense", "", ("10000", "5273", "10000"), ()),
        ("Mødeafholdelse", "expense", "", ("25000", "3388", "15000"), ()),
        ("Transport, kørsel og parkering", "expense", "", ("25000", "14877", "21880"), ()),
        (
            "Deltagelse i kurser, konferencer og efteruddannelse",
            "expense",
            "",
            ("30000", "16295", "25000"),
            (),
        ),
        ("Indkøb af IT-udstyr", "expense", "", ("10000", "0", "10000"), ()),
        (
            "System for indberetning af hjerterehabiliteringsdata",
            "expense",
            "",
            ("55000", "55000", "55000"),
            (),
        ),
        ("Afholdelse af arrangementer", "expense", "", ("70000", "72067", "70000"), ()),
        (
            "Implementering af sundhedsreform/ny organisering samt proces med sundhedsaftale 2023",
            "expense",
            "",
            ("100000", "0", "0"),
            (),
        ),
        (
            "Data vedr. vederlagsfri fysioterapi og sundhedsaftale",
            "expense",
            "",
            ("200000", "0", "0"),
            (),
        ),
        ("Ny hjemmeside", "expense", "", ("30000", "5700", "0"), ()),
        (
            "Pulje til initiativer i Sundhedsdirektørernes Forretningsudvalg samt uforudsete udgifter",
            "expense",
            "",
            ("154741", "0", "200000"),
            (),
        ),
    ],
    "footnotes": {
        "1": "Beløbet er omfattet af den generelle pris- og lønudvikling (4,1 % for 2023/2024).",
        "2": "Indkrævet i 2023 fremskrevet med den generelle pris- og lønudvikling (4,8 % for 2023/2024).",
        "3": "Huslejen steg i midten af 2023, hvilket er indregnet i budget for 2024.",
        "4": "Overskuddet udbetales til de nordjyske kommuner, dog overføres 247.397 kr. til efterfølgende år.",
    },
    "period_footnotes": {"Regnskab 2023": "4"},
}
SOCIAL = {
    "secretariat": "Sekretariat for Nordjysk Socialaftale",
    "title": "Sekretariat for Nordjysk Socialaftale: Regnskab 2023 og budget 2024",
    "pl": "4.8", "carried": "196187",  # footnote 1: 1.878.845,71 × 1,048 = 1.969.030,30
    "typed": {"Budget 2023": ("2577948.60", "2601411.61"), "Regnskab 2023": ("2030381.06", "2601412"),
              "Budget 2024": ("2165217.30", "2165217.30")},
    "lines": [
        ("Indkrævet hos kommunerne", "income", "charge", ("1878845.71", "1878845.71", "1969030.30"), ("1", "1", "1")),
        ("Overført overskud", "income", "carried", ("722565.91", "722565.91", "196187"), ()),
        ("Husleje", "expense", "", ("39306.48", "40280.38", "44745.60"), ("", "2", "")),
        ("Løn", "expense", "", ("1334697.00", "1339764.79", "1423090.00"), ()),
        ("IT, tele, licenser og abonnementer", "expense", "", ("39670.00", "37205.88", "37502.00"), ()),
        ("HR, intern service og økonomiopfølgning (Aalborg Kommune)", "expense", "", ("70000", "70000", "70000"), ()),
        ("Administrationsudgifter og kontorhold", "expense", "", ("12000", "6226.35", "12000"), ()),
        ("Mødeafholdelse", "expense", "", ("21000", "45526.50", "25000"), ()),
        ("Transport, kørsel og parkering", "expense", "", ("30000", "19568", "27880"), ("", "3", "")),
        ("Deltagelse i kurser, konferencer og efteruddannelse", "expense", "", ("45000", "32732.10", "45000"), ()),
        ("Afholdelse af arrangementer", "expense", "", ("80000", "71039", "80000"), ()),
        ("Udmøntning af Nordjysk Socialaftale", "expense", "", ("100000", "10902.55", "100000"), ()),
        ("FU godkendte initiativer", "expense", "", ("806275.12", "357135.51", "300000"), ()),
    ],
    "footnotes": {
        "1": "Indkrævet fremskrevet med den generelle pris- og lønudvikling.",
        "2": "Den højere realiserede post skyldes betaling af kantinebidrag fra 4. kvartal 2022.",
        "3": "Den højere realiserede post skyldes mere transport til arrangementer og møder.",
    },
    "period_footnotes": {},
}  # fmt: skip


def load_table(spec, *, payback_key=None):
    from budgets.models import Amount, BudgetTable, Footnote, Line, Period, Secretariat

    secretariat, _ = Secretariat.objects.get_or_create(name=spec["secretariat"])
    table = BudgetTable.objects.create(
        secretariat=secretariat, year=2024, title=spec["title"],
        pl_uplift=Decimal(spec["pl"]) if spec["pl"] else None,
        carried_forward=Decimal(spec["carried"]), payback_key=payback_key,
    )  # fmt: skip
    periods = []
    for position, (label, kind, year) in enumerate(
        [("Budget 2023", "budget", 2023), ("Regnskab 2023", "accounts", 2023), ("Budget 2024", "budget", 2024)], 1
    ):  # fmt: skip
        expenses, income = spec["typed"][label]
        periods.append(
            Period.objects.create(
                table=table,
                position=position,
                label=label,
                kind=kind,
                year=year,
                footnote=spec["period_footnotes"].get(label, ""),
                typed_expenses=Decimal(expenses),
                typed_income=Decimal(income),
            )
        )
    for position, (label, side, role, values, marks) in enumerate(spec["lines"], 1):
        line = Line.objects.create(
            table=table, position=position, label=label, side=side, role=role
        )
        for index, (period, value) in enumerate(zip(periods, values, strict=True)):
            mark = marks[index] if index < len(marks) else ""
            Amount.objects.create(line=line, period=period, value=Decimal(value), footnote=mark)
    for mark, text in spec["footnotes"].items():
        Footnote.objects.create(table=table, mark=mark, text=text)
    return services.table_transition(
        table=table, to=BudgetTable.Status.APPROVED, accept_warnings=True
    )


def load_tables():
    from budgets.models import BudgetTable

    if BudgetTable.objects.exists():
        return
    population = DistributionKey.objects.filter(name=GRANT_KEY).first()
    load_table(SUNDHED, payback_key=population)
    load_table(SOCIAL, payback_key=population)
