"""Approving a budget table or a distribution key is a transition with its checks, like a
contract's; and a surplus is paid back by the key's own split."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgets import services, tables
from budgets.models import (
    Amount,
    BudgetTable,
    DistributionKey,
    KeyBasis,
    KeyParticipant,
    KeyValue,
    Line,
    Period,
    Secretariat,
)
from kkr_portal.transitions import InvalidTransition

pytestmark = pytest.mark.django_db
APPROVED, DRAFT = "approved", "draft"


def key_with(rows, *, name="Befolkning", fixed=None, excluded=(), **fields):
    key = DistributionKey.objects.create(name=name, total=Decimal(100), **fields)
    basis = KeyBasis.objects.create(key=key, column="befolkning")
    for position, (participant, value) in enumerate(rows, start=1):
        row = KeyParticipant.objects.create(
            key=key, position=position, name=participant,
            fixed_share=(fixed or {}).get(participant), excluded=participant in excluded,
        )  # fmt: skip
        KeyValue.objects.create(participant=row, basis=basis, value=Decimal(value))
    return key


def table_with_surplus(key, *, income="1000.00", expenses="700.00", carried="0"):
    """Accounts with a surplus of income − expenses, and a balanced budget."""
    secretariat = Secretariat.objects.create(name="Sundhedssekretariatet")
    table = BudgetTable.objects.create(
        secretariat=secretariat, year=2024, title="Regnskab og budget",
        carried_forward=Decimal(carried), payback_key=key,
    )  # fmt: skip
    accounts = Period.objects.create(table=table, position=1, label="Regnskab 2023", kind="accounts", year=2023)  # fmt: skip
    budget = Period.objects.create(table=table, position=2, label="Budget 2024", kind="budget", year=2024)  # fmt: skip
    for position, (label, side, values) in enumerate(
        [("Løn", "expense", (expenses, "500")), ("Kommunerne", "income", (income, "500"))], 1
    ):
        line = Line.objects.create(table=table, position=position, label=label, side=side)
        for period, value in zip((accounts, budget), values, strict=True):
            Amount.objects.create(line=line, period=period, value=Decimal(value))
    return table


def test_a_key_that_cannot_split_is_not_approved_and_says_why():
    key = key_with([("Aalborg", 1), ("Læsø", 1)], fixed={"Aalborg": Decimal("0.7"), "Læsø": Decimal("0.4")})  # fmt: skip
    with pytest.raises(ValidationError, match="Nøglen kan ikke fordele: de faste andele"):
        services.key_transition(key=key, to=APPROVED)
    key.refresh_from_db()
    assert key.status == DRAFT


def test_key_warnings_must_be_accepted_and_a_key_in_use_stays_approved():
    key = key_with([("Aalborg", 3), ("Læsø", 1)], printed_total=Decimal(101))
    with pytest.raises(ValidationError, match="Den trykte total er ikke den total"):
        services.key_transition(key=key, to=APPROVED)
    services.key_transition(key=key, to=APPROVED, accept_warnings=True)
    key.refresh_from_db()
    assert key.status == APPROVED
    with pytest.raises(InvalidTransition, match="Fordelingsnøgle kan ikke gå fra godkendt til godkendt"):  # fmt: skip
        services.key_transition(key=key, to=APPROVED)
    table = table_with_surplus(key)
    services.table_transition(table=table, to=APPROVED)
    # A draft key behind an approved table would show its draft split to readers.
    with pytest.raises(ValidationError, match="Nøglen bruges af Regnskab og budget"):
        services.key_transition(key=key, to=DRAFT)
    services.table_transition(table=table, to=DRAFT)
    services.key_transition(key=key, to=DRAFT)
    key.refresh_from_db()
    assert key.status == DRAFT


def test_a_table_is_not_approved_while_its_repayment_key_is_a_draft():
    key = key_with([("Aalborg", 3), ("Læsø", 1)])
    table = table_with_surplus(key)
    with pytest.raises(ValidationError, match="Nøglen for tilbagebetaling, Befolkning, er ikke godkendt"):  # fmt: skip
        services.table_transition(table=table, to=APPROVED)
    table.refresh_from_db()
    assert table.status == DRAFT
    services.key_transition(key=key, to=APPROVED)
    assert services.table_transition(table=table, to=APPROVED).status == APPROVED


def test_table_warnings_must_be_accepted():
    key = key_with([("Aalborg", 3), ("Læsø", 1)], status=APPROVED)
    table = table_with_surplus(key)
    Amount.objects.filter(line__label="Løn", period__label="Budget 2024").update(value=Decimal(501))
    with pytest.raises(
        ValidationError, match=re.escape("Budget 2024 balancerer ikke: forskel -1,00 kr.")
    ):
        services.table_transition(table=table, to=APPROVED)
    services.table_transition(table=table, to=APPROVED, accept_warnings=True)
    table.refresh_from_db()
    assert table.status == APPROVED


def test_payback_uses_the_keys_own_split_fixed_shares_exclusions_and_rounding():
    key = key_with(
        [("Aalborg", 6592), ("Hjørring", 1904), ("Læsø", 53), ("Region", 0)],
        fixed={"Hjørring": Decimal("0.25")}, excluded={"Region"}, status=APPROVED,
    )  # fmt: skip
    table = table_with_surplus(key, income="1000.01", expenses="700.00", carried="0.01")
    payback = tables.surplus_payback(table)
    assert payback["payback"] == Decimal("300.00")
    split = {row.participant: row.rounded for row in payback["split"].rows}
    # Hjørring's fixed quarter; Region excluded; the rest by population, to the øre, summing up.
    assert split == {
        "Aalborg": Decimal("223.21"),  # 225 × 6592 / 6645 = 223,2054…
        "Hjørring": Decimal("75.00"),
        "Læsø": Decimal("1.79"),  # 225 × 53 / 6645 = 1,7946…
    }
    assert sum(split.values()) == payback["payback"]
    # The key's own rounding: each line for itself may drift, and the table shows what it does.
    key.rounding = DistributionKey.Rounding.ROUND_EACH
    key.save()
    table.refresh_from_db()
    assert tables.surplus_payback(table)["split"].policy == DistributionKey.Rounding.ROUND_EACH


@pytest.mark.parametrize("model", ["distributionkey", "budgettable"])
def test_status_is_not_a_field_in_the_admin_and_approval_is_an_action(model, client_for):
    key = key_with([("Aalborg", 3), ("Læsø", 1)])
    obj = key if model == "distributionkey" else table_with_surplus(key, income="700", carried="0")
    client = client_for("secretariat")
    change = client.get(reverse(f"admin:budgets_{model}_change", args=[obj.pk])).content.decode()
    assert 'name="status"' not in change
    if model == "budgettable":  # its key first: the table's check refuses a draft key
        response = client.post(
            reverse("admin:budgets_budgettable_changelist"),
            {"action": "approve", "_selected_action": [obj.pk]},
            follow=True,
        )
        assert (
            "Nøglen for tilbagebetaling, Befolkning, er ikke godkendt" in response.content.decode()
        )
        services.key_transition(key=key, to=APPROVED)
    response = client.post(
        reverse(f"admin:budgets_{model}_changelist"),
        {"action": "approve", "_selected_action": [obj.pk]},
        follow=True,
    )
    assert f"{obj}: godkendt" in response.content.decode()
    obj.refresh_from_db()
    assert obj.status == APPROVED


def test_attach_action_says_per_row_what_is_missing(client_for):
    key = key_with([("Aalborg", 3), ("Læsø", 1)], status=APPROVED)
    table = table_with_surplus(key, income="700", carried="0")
    response = client_for("secretariat").post(
        reverse("admin:budgets_budgettable_changelist"),
        {"action": "attach", "_selected_action": [table.pk]},
        follow=True,
    )
    assert "Regnskab og budget: vælg først punktet." in response.content.decode()
