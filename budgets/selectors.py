from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from budgets.allocation import AllocationError
from budgets.keys import KeyWarning, danish_rows, key_allocation, key_warnings
from budgets.models import Amount, BudgetTable, DistributionKey, KeyParticipant, Line
from budgets.tables import surplus_payback
from meetings import visibility
from meetings.text import danish_sort_key, format_number


def keys_for(user):
    return DistributionKey.objects.visible_to(user).order_by("name")


def key_split(*, key: DistributionKey) -> dict:
    """The computed split with the printed figures beside it, rows in Danish order; a key the
    engine cannot split (e.g. fixed shares over 100 %) says why instead."""
    try:
        allocation = key_allocation(key=key)
    except AllocationError as error:
        return {"allocation": None, "rows": [], "printed_sum": None, "derived": [],
                "warnings": [KeyWarning("invalid", f"Nøglen kan ikke beregnes: {error}.")]}  # fmt: skip
    printed = {p.name: p.printed_value for p in key.participants.all()}
    rows = danish_rows(allocation)
    return {
        "allocation": allocation,
        "rows": [
            {
                "row": row,
                "printed": printed.get(row.participant),
                "difference": (row.rounded - printed[row.participant])
                if printed.get(row.participant) is not None
                else None,
            }
            for row in rows
        ],
        "printed_sum": sum(v for v in printed.values() if v is not None)
        if any(v is not None for v in printed.values())
        else None,
        "warnings": key_warnings(key=key, allocation=allocation),
        "derived": [d.name for d in key.derived.all()],
    }


def key_for(*, pk: int, user) -> DistributionKey:
    try:
        return (
            keys_for(user)
            .prefetch_related(
                "bases",
                "derived",
                Prefetch("participants", KeyParticipant.objects.prefetch_related("values")),
            )
            .get(pk=pk)
        )
    except DistributionKey.DoesNotExist as error:
        raise Http404 from error


def tables_for(user):
    return BudgetTable.objects.visible_to(user).select_related("secretariat")


def _with_figures(tables):
    """Tables with what their figures, warnings and surplus payback are computed from."""
    return tables.prefetch_related(
        "periods",
        "footnotes",
        Prefetch("lines", Line.objects.prefetch_related(Prefetch("amounts", Amount.objects.all()))),
        "payback_key__participants__values",
        "payback_key__bases",
    )


def table_for(*, pk: int, user):
    """A table this user may read. Its repayment key is shown only if the user may read the key
    itself: an approved table can point at a key that is still a draft."""
    try:
        table = _with_figures(tables_for(user)).get(pk=pk)
    except BudgetTable.DoesNotExist as error:
        raise Http404 from error
    if table.payback_key_id is not None and not visibility.row_visible(table.payback_key, user):
        table.payback_key = None  # never saved: pages, CSV and PDF read this instance only
    return table


def table_chart(figures, *, width=720, bar=9) -> dict:
    """Bars of budget against accounts for each expense line of the first budget and accounts
    periods, as numbers an SVG template draws (with the table as its text alternative)."""
    budget = next((pf.period for pf in figures.periods if pf.period.kind == "budget"), None)
    accounts = next((pf.period for pf in figures.periods if pf.period.kind == "accounts"), None)
    if budget is None or accounts is None:
        return {}
    rows = []
    for entry in figures.grid:
        if entry["line"].side != "expense":
            continue
        values = {a.period_id: a.value for a in entry["cells"] if a is not None}
        rows.append((entry["line"].label, values.get(budget.pk, 0), values.get(accounts.pk, 0)))
    top = max([max(b, a) for _label, b, a in rows] + [1])
    label_width, row_height = 300, 2 * bar + 10
    scale = (width - label_width - 90) / top
    bars = [
        {
            "label": label,
            "y": 30 + index * row_height,
            "budget": budget_value,
            "accounts": accounts_value,
            "budget_w": float(budget_value * scale),
            "accounts_w": float(accounts_value * scale),
        }
        for index, (label, budget_value, accounts_value) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": 40 + len(rows) * row_height,
        "width": width,
        "label_width": label_width,
        "bar": bar,
        "budget_label": budget.label,
        "accounts_label": accounts.label,
    }


@dataclass(frozen=True)
class MunicipalityShare:
    """A municipality's part of one split: a key's total, or a table's surplus paid back."""

    title: str
    url: str
    share: Decimal  # a fraction of the whole
    amount: Decimal
    amount_text: str  # in the reader's language, with the unit it is counted in
    draft: bool  # only the secretariat reads drafts, marked as such


def _own_share(allocation, participants, municipality):
    """The municipality's row of a split, found by its participant's name."""
    name = next(p.name for p in participants if p.municipality_id == municipality.pk)
    return next((row for row in allocation.rows if row.participant == name), None)


def municipality_shares(municipality, *, user) -> list[MunicipalityShare]:
    """What a municipality is given or pays in the keys and budget tables this user may read:
    its row of each key's split, and its part of each table's surplus paid back (only where the
    user may read the repayment key itself)."""
    readable = keys_for(user)
    draft = DistributionKey.Status.DRAFT
    shares = []
    keys = readable.filter(participants__municipality=municipality).distinct().prefetch_related(
        "bases", "derived", Prefetch("participants", KeyParticipant.objects.prefetch_related("values"))
    )  # fmt: skip
    for key in keys:
        try:
            row = _own_share(key_allocation(key=key), key.participants.all(), municipality)
        except AllocationError:
            continue
        if row is not None:
            text = format_number(row.rounded, 0 if key.unit >= 1 else 2)
            text += f" ({key.unit_label})" if key.unit_label else ""
            shares.append(MunicipalityShare(key.name, key.get_absolute_url(), row.share,
                                            row.rounded, text, key.status == draft))  # fmt: skip
    tables = tables_for(user).filter(
        payback_key__in=readable.values("pk"), payback_key__participants__municipality=municipality
    )
    for table in _with_figures(tables.distinct()):
        payback = surplus_payback(table)
        if payback is None or payback["split"] is None:
            continue
        row = _own_share(payback["split"], table.payback_key.participants.all(), municipality)
        if row is not None:
            title = _("%(table)s: overskud betalt tilbage") % {"table": table.title}
            text = _("%(amount)s kr.") % {"amount": format_number(row.rounded, 2)}
            shares.append(MunicipalityShare(title, table.get_absolute_url(), row.share, row.rounded,
                                            text, draft in (table.status, table.payback_key.status)))  # fmt: skip
    return sorted(shares, key=lambda share: danish_sort_key(share.title))
