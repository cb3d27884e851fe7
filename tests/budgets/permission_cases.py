from decimal import Decimal

from django.urls import reverse

from budgets.models import DistributionKey, KeyBasis, KeyParticipant, KeyValue
from tests.access import EVERYONE, ONLY_SECRETARIAT


def _key(status):
    key = DistributionKey.objects.create(name=f"Nøgle {status}", total=Decimal(100), status=status)
    basis = KeyBasis.objects.create(key=key, column="befolkning")
    for name, value in (("Aalborg", 220), ("Læsø", 2)):
        participant = KeyParticipant.objects.create(key=key, name=name)
        KeyValue.objects.create(participant=participant, basis=basis, value=Decimal(value))
    return reverse("budgets:key_detail", args=[key.pk])


CASES = {
    "budgets:key_list": [(lambda p: reverse("budgets:key_list"), EVERYONE)],
    "budgets:key_detail": [
        (lambda p: _key(DistributionKey.Status.APPROVED), EVERYONE),
        (lambda p: _key(DistributionKey.Status.DRAFT), ONLY_SECRETARIAT),
    ],
}


def _table(status):
    from budgets.models import BudgetTable, Secretariat

    secretariat, _ = Secretariat.objects.get_or_create(name="Sundhedssekretariatet")
    return BudgetTable.objects.create(
        secretariat=secretariat, year=2024, title=f"Tabel {status}", status=status
    )


def _table_url(name, status):
    return reverse(name, args=[_table(status).pk])


CASES.update(
    {
        "budgets:table_list": [(lambda p: reverse("budgets:table_list"), EVERYONE)],
        "budgets:table_detail": [
            (lambda p: _table_url("budgets:table_detail", "approved"), EVERYONE),
            (lambda p: _table_url("budgets:table_detail", "draft"), ONLY_SECRETARIAT),
        ],
        "budgets:table_csv": [
            (lambda p: _table_url("budgets:table_csv", "approved"), EVERYONE),
            (lambda p: _table_url("budgets:table_csv", "draft"), ONLY_SECRETARIAT),
        ],
    }
)
