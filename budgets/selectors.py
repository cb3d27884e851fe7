from django.db.models import Prefetch
from django.http import Http404

from budgets.models import DistributionKey, KeyParticipant
from budgets.services import key_allocation, key_warnings
from meetings.text import danish_sort_key


def keys_for(user):
    return DistributionKey.objects.visible_to(user).order_by("name")


def key_split(*, key: DistributionKey) -> dict:
    """The computed split with the printed figures beside it, rows in Danish order."""
    allocation = key_allocation(key=key)
    printed = {p.name: p.printed_value for p in key.participants.all()}
    rows = sorted(allocation.rows, key=lambda row: danish_sort_key(row.participant))
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
