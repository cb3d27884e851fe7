"""Distribution keys from the seeds: the Erhvervshus basic grant 2023 (seed 000) and the Vækst Via
Viden 2024 municipal targets (seed 003, item 2.2)."""

import datetime
from decimal import Decimal

from django.db import transaction

from budgets.models import DistributionKey, KeyBasis, KeyParticipant, KeyValue
from meetings.models import Municipality

# Seed 000, annex 4 to item 2.6, section 6 "Økonomi" (1.000 kr.).
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
        status=DistributionKey.Status.APPROVED,
    )  # fmt: skip
    basis = KeyBasis.objects.create(key=key, column=column, source=source, as_of=as_of)
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for position, (name_, value, printed) in enumerate(rows, start=1):
        participant = KeyParticipant.objects.create(
            key=key, position=position, name=name_, municipality=municipalities.get(name_),
            printed_value=Decimal(printed),
        )  # fmt: skip
        KeyValue.objects.create(participant=participant, basis=basis, value=Decimal(value))
    return key


@transaction.atomic
def load_app_demo():
    if DistributionKey.objects.exists():
        return
    grant = _key(
        "Erhvervshus Nordjylland – basisbevilling 2023",
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
    from agreements.models import Contract

    Contract.objects.filter(year=2023).update(grant_key=grant)
