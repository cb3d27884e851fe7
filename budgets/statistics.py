"""Municipal statistics as Statistics Denmark (Danmarks Statistik, statistikbanken.dk) exports
them: semicolon-separated, one row per area and quarter, e.g. FOLK1A

    OMRÅDE;TID;INDHOLD
    Aalborg;2022K1;220848

loaded as a basis of a distribution key, dated by its quarter."""

import csv
import datetime
import io
import re
from decimal import Decimal

from django.db import transaction

from budgets.allocation import AllocationError, parse_number
from budgets.models import DistributionKey, KeyBasis, KeyParticipant, KeyValue

QUARTER = re.compile(r"^(\d{4})K([1-4])$")


def quarter_start(text: str) -> datetime.date:
    match = QUARTER.match(text.strip())
    if not match:
        raise AllocationError(f"“{text}” er ikke et kvartal som 2022K1")
    year, quarter = int(match.group(1)), int(match.group(2))
    return datetime.date(year, 3 * (quarter - 1) + 1, 1)


def read_statbank(text: str) -> dict[str, dict[str, Decimal]]:
    """{quarter: {area: value}} from a Statistics Denmark CSV export."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header = [cell.strip().upper() for cell in rows[0]] if rows else []
    try:
        area, time, value = header.index("OMRÅDE"), header.index("TID"), header.index("INDHOLD")
    except ValueError as error:
        raise AllocationError("filen skal have kolonnerne OMRÅDE;TID;INDHOLD") from error
    data: dict[str, dict[str, Decimal]] = {}
    for row in rows[1:]:
        if len(row) <= max(area, time, value) or not row[area].strip():
            continue
        name = row[area].strip().removesuffix(" Kommune")
        data.setdefault(row[time].strip(), {})[name] = parse_number(row[value])
    return data


@transaction.atomic
def basis_from_statbank(*, key: DistributionKey, text: str, quarter: str, column: str) -> KeyBasis:
    """Set (or replace) one basis of the key from the export, for the participants it names."""
    data = read_statbank(text)
    if quarter not in data:
        raise AllocationError(f"kvartalet {quarter} findes ikke i filen")
    values = data[quarter]
    basis, _ = KeyBasis.objects.update_or_create(
        key=key,
        column=column,
        defaults={"source": "Danmarks Statistik", "as_of": quarter_start(quarter)},
    )
    participants = {p.name: p for p in key.participants.all()}
    missing = sorted(set(participants) - set(values))
    if missing:
        raise AllocationError(f"filen mangler tal for: {', '.join(missing)}")
    for name, participant in participants.items():
        KeyValue.objects.update_or_create(
            participant=participant, basis=basis, defaults={"value": values[name]}
        )
    return basis


def participants_from_statbank(*, key: DistributionKey, text: str, quarter: str) -> list:
    """Create the key's participants from the areas of the export."""
    names = sorted(read_statbank(text).get(quarter, {}))
    return [
        KeyParticipant.objects.get_or_create(key=key, name=name, defaults={"position": i})[0]
        for i, name in enumerate(names, start=1)
    ]
