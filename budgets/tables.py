"""Computed figures of an accounts-and-budget table: totals, result, balance, warnings, the
next year's charge and the pay-back of a surplus."""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budgets.keys import danish_rows, key_allocation
from meetings.text import format_number

YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass
class PeriodFigures:
    period: object
    expenses: Decimal
    income: Decimal

    @property
    def result(self) -> Decimal:
        """Overskud (+) or underskud (−)."""
        return self.income - self.expenses

    @property
    def planned_surplus(self) -> bool:
        """A budget with more income than expenses plans a surplus (seed 000: Socialaftalen's
        Budget 2023); it is shown as planned, not as a table that does not balance."""
        return self.period.kind == "budget" and self.result > 0

    @property
    def expense_typo(self) -> Decimal | None:
        typed = self.period.typed_expenses
        return None if typed is None or typed == self.expenses else typed - self.expenses

    @property
    def income_typo(self) -> Decimal | None:
        typed = self.period.typed_income
        return None if typed is None or typed == self.income else typed - self.income


@dataclass
class TableFigures:
    periods: list[PeriodFigures]
    grid: list[dict] = field(default_factory=list)  # one row per line: label, side, cells


def table_figures(table) -> TableFigures:
    periods = list(table.periods.all())
    amounts = {
        (a.line_id, a.period_id): a for line in table.lines.all() for a in line.amounts.all()
    }
    figures = []
    for period in periods:
        expenses = income = Decimal(0)
        for line in table.lines.all():
            amount = amounts.get((line.pk, period.pk))
            if amount is None:
                continue
            if line.side == "expense":
                expenses += amount.value
            else:
                income += amount.value
        figures.append(PeriodFigures(period, expenses, income))
    grid = [
        {"line": line, "cells": [amounts.get((line.pk, period.pk)) for period in periods]}
        for line in table.lines.all()
    ]
    return TableFigures(periods=figures, grid=grid)


@dataclass(frozen=True)
class TableWarning:
    code: str
    message: str


TYPED_EXPENSES = gettext_noop(
    "Den trykte total for udgifter i %(period)s afviger %(difference)s kr. fra summen af posterne."
)
TYPED_INCOME = gettext_noop(
    "Den trykte total for indtægter i %(period)s afviger %(difference)s kr. fra summen af posterne."
)


def table_warnings(table, figures: TableFigures | None = None) -> list[TableWarning]:
    figures = figures or table_figures(table)
    warnings = []
    for pf in figures.periods:
        if pf.period.kind == "budget" and pf.result < 0:
            warnings.append(
                TableWarning(
                    "unbalanced",
                    _("%(period)s balancerer ikke: forskel %(difference)s kr.")
                    % {"period": pf.period.label, "difference": format_number(pf.result, 2)},
                )
            )
        years = {int(m.group(0)) for m in YEAR.finditer(pf.period.label)}
        if years and years != {pf.period.year}:
            warnings.append(
                TableWarning(
                    "period_label",
                    _("Kolonnen “%(period)s” passer ikke til året %(year)s.")
                    % {"period": pf.period.label, "year": pf.period.year},
                )
            )
        for message, typo in ((TYPED_EXPENSES, pf.expense_typo), (TYPED_INCOME, pf.income_typo)):
            if typo is not None:
                figures = {"period": pf.period.label, "difference": format_number(typo, 2)}
                warnings.append(TableWarning("typed_total", _(message) % figures))
    defined = {f.mark for f in table.footnotes.all()}
    used = {p.footnote for p in table.periods.all() if p.footnote}
    used |= {a.footnote for line in table.lines.all() for a in line.amounts.all() if a.footnote}
    for mark in sorted(used - defined):
        warnings.append(
            TableWarning(
                "footnote_missing",
                _("Fodnote %(mark)s er brugt, men findes ikke.") % {"mark": mark},
            )
        )
    for mark in sorted(defined - used):
        warnings.append(
            TableWarning(
                "footnote_unused",
                _("Fodnote %(mark)s henviser ikke til nogen post eller periode.") % {"mark": mark},
            )
        )
    return warnings


def next_year_charge(table) -> dict | None:
    """This year's charge to the municipalities times the PL uplift (DESIGN.md §6)."""
    if table.pl_uplift is None:
        return None
    line = next((row for row in table.lines.all() if row.role == "charge"), None)
    accounts = next((p for p in table.periods.all() if p.kind == "accounts"), None)
    if line is None or accounts is None:
        return None
    amount = next((a.value for a in line.amounts.all() if a.period_id == accounts.pk), None)
    if amount is None:
        return None
    factor = 1 + table.pl_uplift / 100
    exact = amount * factor
    return {
        "base": amount,
        "factor": factor,
        "exact": exact,
        "rounded": exact.quantize(Decimal(1), rounding=ROUND_HALF_UP),
    }


def surplus_payback(table, figures: TableFigures | None = None) -> dict | None:
    """The accounts' surplus less what is carried forward, split over the municipalities (the
    rows in Danish order, as the key's own page has them)."""
    figures = figures or table_figures(table)
    accounts = next((pf for pf in figures.periods if pf.period.kind == "accounts"), None)
    if accounts is None or accounts.result <= 0:
        return None
    payback = accounts.result - (table.carried_forward or 0)
    split = None
    if table.payback_key is not None and payback > 0:
        # The key's own split (weights, fixed shares, exclusions, rounding), in kroner and øre.
        split = key_allocation(key=table.payback_key, total=payback, unit=Decimal("0.01"))
    return {
        "surplus": accounts.result,
        "carried": table.carried_forward or 0,
        "payback": payback,
        "split": split,
        "rows": danish_rows(split) if split else [],
    }
