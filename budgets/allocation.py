"""The allocation engine: split an amount (or a number of places) over participants by a key.

Exact Decimal arithmetic throughout. Two rounding policies are in real use (DESIGN.md §6):
largest remainder (Hamilton), which preserves the total, and rounding each line in a stated unit,
where the total may drift.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

LARGEST_REMAINDER = "largest-remainder"
ROUND_EACH = "round-each"
POLICIES = (LARGEST_REMAINDER, ROUND_EACH)


class AllocationError(ValueError):
    """Input the engine cannot split; the message says why, in Danish."""


@dataclass(frozen=True)
class Derived:
    name: str
    factor: Decimal
    source: str  # "raw" or "rounded"


@dataclass
class Row:
    participant: str
    share: Decimal
    raw: Decimal
    rounded: Decimal
    adjusted: bool  # differs from plain half-up rounding of raw (the seeds' "**")
    fixed: bool = False
    derived: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Allocation:
    rows: list[Row]
    total: Decimal
    unit: Decimal
    policy: str

    @property
    def rounded_total(self) -> Decimal:
        return sum((row.rounded for row in self.rows), Decimal(0))

    @property
    def drift(self) -> Decimal:
        """How far the rounded figures miss the total (always 0 under largest remainder)."""
        return self.rounded_total - self.total


def half_up(value: Decimal) -> Decimal:
    """Round to a whole number, .5 away from zero."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


_DANISH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_number(text: str) -> Decimal:
    """'1.771.663,13', '1771663.13', '11 %' or '17.645' (Danish thousands) as a Decimal."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not cleaned:
        raise AllocationError("tomt tal")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _DANISH_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise AllocationError(f"“{text}” er ikke et tal") from error


def allocate(
    bases: dict[str, dict[str, Decimal]],
    *,
    total: Decimal,
    weights: dict[str, Decimal] | None = None,
    fixed: dict[str, Decimal] | None = None,
    exclude: set[str] | frozenset[str] = frozenset(),
    policy: str = LARGEST_REMAINDER,
    unit: Decimal = Decimal(1),
    derived: list[Derived] | tuple = (),
) -> Allocation:
    """Split `total` over the participants of `bases` ({participant: {basis: value}})."""
    weights = dict(weights or {})
    fixed = dict(fixed or {})
    if policy not in POLICIES:
        raise AllocationError(f"ukendt afrundingsmetode “{policy}”")
    if unit <= 0:
        raise AllocationError("enheden skal være større end 0")
    if total < 0:
        raise AllocationError("beløbet, der skal fordeles, må ikke være negativt")
    unknown = (set(fixed) | set(exclude)) - set(bases)
    if unknown:
        raise AllocationError(f"ukendt deltager: {', '.join(sorted(unknown))}")
    participants = [name for name in bases if name not in exclude]
    if not participants:
        raise AllocationError("der er ingen deltagere at fordele på")
    columns = sorted({column for values in bases.values() for column in values})
    for column in weights:
        if column not in columns:
            raise AllocationError(f"ukendt kolonne “{column}”")
    if not weights:
        if len(columns) > 1:
            raise AllocationError(
                "der er flere grundlag; angiv en vægt for hvert (--weight KOLONNE=VÆGT)"
            )
        weights = {columns[0]: Decimal(1)} if columns else {}
    for name in participants:
        for column in weights:
            value = bases[name].get(column)
            if value is None:
                raise AllocationError(f"{name} mangler en værdi for “{column}”")
            if value < 0:
                raise AllocationError(f"{name} har et negativt grundlag i “{column}”")
    if any(share < 0 for share in fixed.values()):
        raise AllocationError("en fast andel må ikke være negativ")
    fixed_sum = sum((fixed[name] for name in participants if name in fixed), Decimal(0))
    if fixed_sum > 1:
        shown = format(fixed_sum.normalize(), "f").replace(".", ",")
        raise AllocationError(f"de faste andele er tilsammen {shown}, mere end 1 (100 %)")
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum <= 0:
        raise AllocationError("vægtene skal tilsammen være større end 0")

    with localcontext() as context:
        context.prec = 40
        keyed = [name for name in participants if name not in fixed]
        composite = dict.fromkeys(keyed, Decimal(0))
        for column, weight in weights.items():
            column_total = sum((bases[name][column] for name in keyed), Decimal(0))
            if column_total == 0:
                if keyed and fixed_sum < 1:
                    raise AllocationError(f"grundlaget “{column}” er 0 for alle deltagere")
                continue
            for name in keyed:
                composite[name] += (weight / weight_sum) * bases[name][column] / column_total
        shares = {name: fixed[name] for name in participants if name in fixed}
        for name in keyed:
            shares[name] = (1 - fixed_sum) * composite[name]
        raws = {name: total * shares[name] for name in participants}
        plain = {name: unit * half_up(raws[name] / unit) for name in participants}
        if policy == ROUND_EACH:
            rounded = dict(plain)
        else:
            rounded = _largest_remainder(participants, raws, total, unit)
        rows = []
        for name in participants:
            row = Row(
                participant=name,
                share=shares[name],
                raw=raws[name],
                rounded=rounded[name],
                adjusted=rounded[name] != plain[name],
                fixed=name in fixed,
            )
            for spec in derived:
                # Printed like the split itself: to the key's unit, half up (not 28 decimals).
                base = raws[name] if spec.source == "raw" else rounded[name]
                row.derived[spec.name] = unit * half_up(spec.factor * base / unit)
            rows.append(row)
    return Allocation(rows=rows, total=total, unit=unit, policy=policy)


def _largest_remainder(participants, raws, total, unit):
    """Floor every quota, then give the units left over to the largest remainders (ties: the
    larger quota, then the order given), so the figures add up to the total exactly."""
    quotas = {name: raws[name] / unit for name in participants}
    floors = {name: quotas[name].to_integral_value(rounding=ROUND_FLOOR) for name in participants}
    units_total = half_up(total / unit)
    left = int(units_total - sum(floors.values()))
    order = sorted(
        range(len(participants)),
        key=lambda i: (
            -(quotas[participants[i]] - floors[participants[i]]),
            -quotas[participants[i]],
            i,
        ),
    )
    extra = {participants[i] for i in order[: max(left, 0)]}
    return {name: unit * (floors[name] + (1 if name in extra else 0)) for name in participants}
