"""How far a contract's goals are met: a calculation over targets, results and activities, read
by the pages, the PDF and the comparison. It writes nothing."""

from decimal import Decimal

from django.utils.translation import gettext as _

from agreements.models import Goal, Result, Target


def fulfilment(target: Target, year: int, achieved: Decimal | None) -> tuple[str, Decimal] | None:
    """(fulfilment, share) of a result against the year's target value: full at or above it,
    partial at or above the partial level, else not met."""
    if achieved is None:
        return None
    wanted = next((v.value for v in target.values.all() if v.year == year), None)
    if wanted is None:
        return None
    if achieved >= wanted:
        return Result.Fulfilment.FULL, Decimal("1")
    if target.partial_value is not None and achieved >= target.partial_value:
        return Result.Fulfilment.PARTIAL, target.partial_share
    return Result.Fulfilment.NOT_MET, Decimal("0")


def goal_fulfilment(goal: Goal, year: int) -> Decimal | None:
    """A goal's share met: its activities done, or the mean of its targets' shares."""
    activities = list(goal.activities.all())
    if activities:
        return Decimal(sum(a.completed for a in activities)) / Decimal(len(activities))
    shares = []
    for target in goal.targets.all():
        result = next((r for r in target.results.all() if r.year == year), None)
        outcome = fulfilment(target, year, result.achieved if result else None)
        if outcome is not None:
            shares.append(outcome[1])
    return sum(shares) / len(shares) if shares else None


def activity_sentence(goal: Goal) -> str:
    """The completion rule, with the count taken from the listed activities."""
    count = len(goal.activities.all())
    return _("Målet er 100 %% opfyldt, når de %(n)s indsatser er gennemført.") % {"n": count}
