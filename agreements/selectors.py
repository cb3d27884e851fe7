"""Reads shaped for the contract pages."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.html import strip_tags

from agreements.fulfilment import goal_fulfilment
from agreements.models import Contract, Goal

GOALS = Prefetch(
    "goals",
    queryset=Goal.objects.prefetch_related("targets__values", "targets__results", "activities"),
)


def contracts_for(user):
    return Contract.objects.visible_to(user).order_by("-year", "-pk")


def contract_for_year(*, year: int, user) -> Contract:
    """The newest contract of a year that this user may read."""
    contract = contracts_for(user).filter(year=year).prefetch_related("chapters", GOALS).first()
    if contract is None:
        raise Http404
    for goal in contract.goals.all():
        goal.share_met = goal_fulfilment(goal, contract.year)
    return contract


def _fingerprint(goal: Goal) -> str:
    return " ".join(strip_tags(f"{goal.title} {goal.goal_text}").split())


def comparison(*, user) -> dict:
    """Each goal number across the years: targets and results side by side, changes marked."""
    contracts = list(contracts_for(user).order_by("year", "pk").prefetch_related(GOALS))
    by_year = {}
    for contract in contracts:
        by_year[contract.year] = contract  # the newest contract of a year wins
    years = sorted(by_year)
    numbers = sorted({goal.number for c in by_year.values() for goal in c.goals.all()})
    rows = []
    for number in numbers:
        cells, previous = [], None
        for year in years:
            goal = next((g for g in by_year[year].goals.all() if g.number == number), None)
            cell = None
            if goal is not None:
                fingerprint = _fingerprint(goal)
                targets = []
                for target in goal.targets.all():
                    value = next((v.value for v in target.values.all() if v.year == year), None)
                    result = next((r for r in target.results.all() if r.year == year), None)
                    targets.append({"target": target, "value": value, "result": result})
                cell = {
                    "goal": goal,
                    "targets": targets,
                    "changed": previous is not None and fingerprint != previous,
                    "new": previous is None and year != years[0],
                    "share_met": goal_fulfilment(goal, year),
                }
                previous = fingerprint
            cells.append(cell)
        rows.append({"number": number, "cells": cells})
    return {"years": years, "rows": rows}
