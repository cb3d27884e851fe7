"""Distribution keys as calculations: the split a key makes and what to check before it is
approved. Reads only; every write is in services.py."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.allocation import Allocation, Derived, Row, allocate
from budgets.models import DistributionKey
from meetings.text import danish_sort_key, format_date, format_number


def key_allocation(
    *, key: DistributionKey, total: Decimal | None = None, unit: Decimal | None = None
) -> Allocation:
    """The key's split, computed by the engine from the stored bases with the key's weights,
    fixed shares, exclusions and rounding. Another amount split by the key (a surplus paid back)
    gives its own total and unit, and gets no derived columns, which belong to the key's total."""
    bases_by_pk = {basis.pk: basis for basis in key.bases.all()}
    participants = list(key.participants.all())
    data = {
        p.name: {bases_by_pk[v.basis_id].column: v.value for v in p.values.all()}
        for p in participants
    }
    weights = {b.column: b.weight for b in bases_by_pk.values()} if len(bases_by_pk) > 1 else {}
    return allocate(
        data,
        total=key.total if total is None else total,
        weights=weights,
        fixed={p.name: p.fixed_share for p in participants if p.fixed_share is not None},
        exclude={p.name for p in participants if p.excluded},
        policy=key.rounding,
        unit=key.unit if unit is None else unit,
        derived=[Derived(d.name, d.factor, d.source) for d in key.derived.all()]
        if total is None
        else [],
    )


def danish_rows(allocation: Allocation) -> list[Row]:
    """The split's rows as readers see them: the municipalities in Danish order (Aalborg last)."""
    return sorted(allocation.rows, key=lambda row: danish_sort_key(row.participant))


@dataclass(frozen=True)
class KeyWarning:
    code: str
    message: str


def _plain(value: Decimal) -> str:
    """A figure with the decimals it has, no trailing zeros (40, 12,5)."""
    exponent = value.normalize().as_tuple().exponent
    return format_number(value, max(0, -exponent))


def key_warnings(*, key: DistributionKey, allocation: Allocation | None = None) -> list[KeyWarning]:
    """Bases from different periods; printed figures that differ from the computed ones."""
    warnings = []
    dates = sorted({b.as_of for b in key.bases.all() if b.as_of})
    if len(dates) > 1:
        shown = ", ".join(format_date(d, "numeric") for d in dates)
        warnings.append(
            KeyWarning(
                "mixed_periods",
                _("Grundlagene er opgjort på forskellige datoer: %(dates)s.") % {"dates": shown},
            )
        )
    allocation = allocation or key_allocation(key=key)
    printed = {
        p.name: p.printed_value for p in key.participants.all() if p.printed_value is not None
    }
    if printed:
        printed_sum = sum(printed.values(), Decimal(0))
        if printed_sum != key.total:
            warnings.append(
                KeyWarning(
                    "printed_sum",
                    _("De trykte tal summerer til %(printed)s, ikke %(total)s.")
                    % {"printed": _plain(printed_sum), "total": _plain(key.total)},
                )
            )
        differing = [
            row
            for row in allocation.rows
            if row.participant in printed and printed[row.participant] != row.rounded
        ]
        if differing:
            names = ", ".join(row.participant for row in differing)
            warnings.append(
                KeyWarning(
                    "printed_rows",
                    _("Beregnet og trykt tal er forskellige for: %(names)s.") % {"names": names},
                )
            )
    if key.printed_total is not None and key.printed_total != key.total:
        warnings.append(
            KeyWarning("printed_total", _("Den trykte total er ikke den total, der fordeles."))
        )
    return warnings
