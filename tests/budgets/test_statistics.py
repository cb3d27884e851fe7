import datetime
from decimal import Decimal

import pytest

from budgets.allocation import AllocationError
from budgets.keys import key_allocation, key_warnings
from budgets.models import DistributionKey, KeyBasis
from budgets.statistics import basis_from_statbank, participants_from_statbank, quarter_start

pytestmark = pytest.mark.django_db

EXPORT = """OMRÅDE;TID;INDHOLD
Aalborg Kommune;2022K1;220848
Læsø Kommune;2022K1;1786
Rebild Kommune;2022K1;30835
Aalborg Kommune;2022K2;221000
Læsø Kommune;2022K2;1790
Rebild Kommune;2022K2;30900
"""


def test_quarters():
    assert quarter_start("2022K1") == datetime.date(2022, 1, 1)
    assert quarter_start("2023K4") == datetime.date(2023, 10, 1)
    with pytest.raises(AllocationError):
        quarter_start("2022Q1")


def test_statbank_export_becomes_a_dated_basis_and_mixed_periods_warn():
    key = DistributionKey.objects.create(name="Pulje", total=Decimal(1000))
    participants_from_statbank(key=key, text=EXPORT, quarter="2022K1")
    basis = basis_from_statbank(key=key, text=EXPORT, quarter="2022K1", column="Befolkning")
    assert basis.as_of == datetime.date(2022, 1, 1)
    allocation = key_allocation(key=key)
    assert {r.participant: r.rounded for r in allocation.rows} == {
        "Aalborg": 871, "Læsø": 7, "Rebild": 122,
    }  # fmt: skip
    assert key_warnings(key=key) == []
    basis_from_statbank(key=key, text=EXPORT, quarter="2022K2", column="Befolkning Q2")
    KeyBasis.objects.filter(key=key).update(weight=Decimal(1))
    assert [w.code for w in key_warnings(key=key)] == ["mixed_periods"]


def test_missing_area_is_refused():
    key = DistributionKey.objects.create(name="Pulje", total=Decimal(10))
    participants_from_statbank(key=key, text=EXPORT, quarter="2022K1")
    key.participants.create(name="Morsø")
    with pytest.raises(AllocationError, match="mangler tal for: Morsø"):
        basis_from_statbank(key=key, text=EXPORT, quarter="2022K1", column="Befolkning")
