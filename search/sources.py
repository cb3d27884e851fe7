"""Result contracts and budgets as search sources. Each builds from the rows its own app shows
to readers (``visible_to(None)``), so drafts never enter the index. The owning apps may move
these registrations into their own AppConfig.ready()."""

import datetime

from search.models import Entry
from search.registry import register
from search.text import plain

CONTRACT_FIELDS = ("introduction", "goal_text", "method", "rationale", "reporting")


def contract_entries():
    from agreements.models import Contract

    for contract in Contract.objects.visible_to(None).prefetch_related("goals"):
        for goal in contract.goals.all():
            yield Entry(
                kind=Entry.Kind.CONTRACT,
                audience=Entry.Audience.PUBLIC,
                source=f"contract:{contract.pk}",
                year=contract.year,
                date=datetime.date(contract.year, 1, 1),
                title=f"Mål {goal.number} – {goal.title}",
                context=f"Resultatkontrakt {contract.year}",
                text=" ".join(plain(getattr(goal, field)) for field in CONTRACT_FIELDS),
                url=f"{contract.get_absolute_url()}#maal-{goal.number}",
            )


def budget_entries():
    from budgets.models import BudgetTable

    tables = (
        BudgetTable.objects.visible_to(None).select_related("secretariat").prefetch_related("lines")
    )
    for table in tables:
        yield Entry(
            kind=Entry.Kind.BUDGET,
            audience=Entry.Audience.PUBLIC,
            source=f"budget:{table.pk}",
            year=table.year,
            date=datetime.date(table.year, 1, 1),
            title=table.title,
            context=table.secretariat.name,
            text=" ".join(line.label for line in table.lines.all()),
            url=table.get_absolute_url(),
        )


def register_sources() -> None:
    register("contract", contract_entries)
    register("budget", budget_entries)
