"""Distribution keys from the seeds: the Erhvervshus basic grant 2023 (seed 000) and the Vækst Via
Viden 2024 municipal targets (seed 003, item 2.2)."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from budgets import models, services
from meetings.models import Municipality

# The seeds' figures are data, not code (budgets/demo_tables.json):
# - grant_2023: seed 000, annex 4 to item 2.6, section 6 "Økonomi" (1.000 kr.); the 2023
#   contract's grant key, by municipality;
# - vvv_2024: seed 003, item 2.2: share of jobs (%) and the printed municipal targets;
# - sundhed: seed 000, item 2.4, annexes 1 and 2; social: the socialaftale's accounts. Each line
#   is (label, side, role, (budget 2023, regnskab 2023, budget 2024), footnotes). Social's
#   footnote 1: 1.878.845,71 × 1,048 = 1.969.030,30.
GRANT_KEY = "Erhvervshus Nordjylland – basisbevilling 2023"
DEMO = json.loads(Path(__file__).with_name("demo_tables.json").read_text(encoding="utf-8"))


def _key(name, *, description, total, unit_label, column, source, as_of, rows):
    key = models.DistributionKey.objects.create(
        name=name, description=description, total=Decimal(total), unit_label=unit_label,
    )  # fmt: skip
    basis = models.KeyBasis.objects.create(key=key, column=column, source=source, as_of=as_of)
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for position, (name_, value, printed) in enumerate(rows, start=1):
        participant = models.KeyParticipant.objects.create(
            key=key, position=position, name=name_, municipality=municipalities.get(name_),
            printed_value=Decimal(printed),
        )  # fmt: skip
        models.KeyValue.objects.create(participant=participant, basis=basis, value=Decimal(value))
    # Approved as the secretariat would: the seeds' own printed slips are accepted warnings.
    return services.key_transition(key=key, to=key.Status.APPROVED, accept_warnings=True)


@transaction.atomic
def load_app_demo():
    if models.DistributionKey.objects.exists():
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
        rows=[(name, value, value) for name, value in DEMO["grant_2023"]],
    )  # fmt: skip
    _key(
        "Vækst Via Viden 2024 – kommunale måltal",
        description="500 match for kommunerne, fordelt efter andel af arbejdspladser i Nordjylland.",
        total=500, unit_label="match", column="Andel af arbejdspladser (%)",
        source="Danmarks Statistik", as_of=None, rows=DEMO["vvv_2024"],
    )  # fmt: skip
    load_tables()


def load_table(spec, *, payback_key=None):
    secretariat, _ = models.Secretariat.objects.get_or_create(name=spec["secretariat"])
    table = models.BudgetTable.objects.create(
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
            models.Period.objects.create(
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
        line = models.Line.objects.create(
            table=table, position=position, label=label, side=side, role=role
        )
        for index, (period, value) in enumerate(zip(periods, values, strict=True)):
            mark = marks[index] if index < len(marks) else ""
            models.Amount.objects.create(
                line=line, period=period, value=Decimal(value), footnote=mark
            )
    for mark, text in spec["footnotes"].items():
        models.Footnote.objects.create(table=table, mark=mark, text=text)
    return services.table_transition(
        table=table, to=models.BudgetTable.Status.APPROVED, accept_warnings=True
    )


def load_tables():
    if models.BudgetTable.objects.exists():
        return
    population = models.DistributionKey.objects.filter(name=GRANT_KEY).first()
    load_table(DEMO["sundhed"], payback_key=population)
    load_table(DEMO["social"], payback_key=population)
