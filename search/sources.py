"""Result contracts and budgets as search sources. Each builds from the rows its own app shows
to readers (``visible_to(None)``), so drafts never enter the index. The owning apps may move
these registrations into their own AppConfig.ready()."""

import datetime

from agreements.models import Contract
from budgets.models import BudgetTable
from meetings.visibility import Audience
from search.models import Entry
from search.registry import register
from search.text import plain

CONTRACT_FIELDS = ("introduction", "goal_text", "method", "rationale", "reporting")


def _public_entry(kind: str, row, **text) -> Entry:
    """An entry everyone may find for a contract or budget row, dated at the start of its year."""
    return Entry(
        kind=kind,
        audience=Audience.PUBLIC,
        source=f"{kind}:{row.pk}",
        year=row.year,
        date=datetime.date(row.year, 1, 1),
        **text,
    )


def contract_entries():
    for contract in Contract.objects.visible_to(None).prefetch_related("goals"):
        for goal in contract.goals.all():
            yield _public_entry(
                Entry.Kind.CONTRACT,
                contract,
                title=f"Mål {goal.number} – {goal.title}",
                context=f"Resultatkontrakt {contract.year}",
                text="\n".join(filter(None, (plain(getattr(goal, f)) for f in CONTRACT_FIELDS))),
                url=f"{contract.get_absolute_url()}#maal-{goal.number}",
            )


def budget_entries():
    tables = (
        BudgetTable.objects.visible_to(None).select_related("secretariat").prefetch_related("lines")
    )
    for table in tables:
        yield _public_entry(
            Entry.Kind.BUDGET,
            table,
            title=table.title,
            context=table.secretariat.name,
            text="\n".join(line.label for line in table.lines.all()),  # a row each
            url=table.get_absolute_url(),
        )


def register_sources() -> None:
    register("contract", contract_entries)
    register("budget", budget_entries)
