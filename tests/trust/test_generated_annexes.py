"""Generated annexes (issue 15; issue 14 finding 9): an approved budget table or result contract
with "approved under item" has its PDF on that item, kept current, never twice; a draft never."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services as contract_services
from agreements.models import Contract
from budgets import services as budget_services
from budgets.models import Amount, BudgetTable, DistributionKey
from tests.agreements.factories import contract_with_goals
from tests.budgets.test_transitions import key_with, table_with_surplus
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

pytestmark = pytest.mark.django_db

APPROVED = BudgetTable.Status.APPROVED
DRAFT = BudgetTable.Status.DRAFT


def _annexes(item):
    return [(a.title, a.sha256) for a in item.annexes.order_by("position")]


def _item(title="Regnskab og budget", day=datetime.date(2027, 9, 22)):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 45)))
    meeting = MeetingFactory(start=start)
    return ItemFactory(section=SectionFactory(meeting=meeting), title=title)


def test_approving_a_table_with_its_item_attaches_it_once_and_keeps_it_current():
    key = key_with([("Aalborg", 3), ("Læsø", 1)], status=DistributionKey.Status.APPROVED)
    table = table_with_surplus(key)
    item = _item()
    BudgetTable.objects.filter(pk=table.pk).update(approved_by=item)
    table.refresh_from_db()
    assert _annexes(item) == []  # a draft is never attached

    table = budget_services.table_transition(table=table, to=APPROVED)
    ((title, first_sha),) = _annexes(item)
    assert title == table.title

    budget_services.table_annex_sync(table=table)  # saved again, nothing changed
    assert _annexes(item) == [(title, first_sha)]

    Amount.objects.filter(line__label="Løn").update(value=Decimal(650))
    budget_services.table_annex_sync(table=table)  # the table changed: the annex is replaced
    ((_title, second_sha),) = _annexes(item)
    assert second_sha != first_sha

    table = budget_services.table_transition(table=table, to=DRAFT)
    assert _annexes(item) == []  # back to draft: off the item before it can go public


def test_moving_a_table_to_another_item_takes_it_off_the_first():
    key = key_with([("Aalborg", 3), ("Læsø", 1)], status=DistributionKey.Status.APPROVED)
    table = table_with_surplus(key)
    first, second = _item(), _item()
    BudgetTable.objects.filter(pk=table.pk).update(approved_by=first)
    table.refresh_from_db()
    table = budget_services.table_transition(table=table, to=APPROVED)
    table.approved_by = second
    table.save()
    budget_services.table_annex_sync(table=table, previous_item_id=first.pk)
    assert _annexes(first) == []
    assert [t for t, _sha in _annexes(second)] == [table.title]


def test_contract_adopted_in_the_admin_is_attached_and_a_draft_is_not(client_for):
    item = _item(title="Resultatkontrakt")
    draft = contract_with_goals(year=2025, status=Contract.Status.DRAFT)
    client = client_for("secretariat")
    for contract in (draft, contract_with_goals(year=2024)):
        Contract.objects.filter(pk=contract.pk).update(adopted_by=item)
        contract.refresh_from_db()
        contract_services.contract_annex_sync(contract=contract)
    assert [t for t, _sha in _annexes(item)] == ["Resultatkontrakt 2024"]
    # The list action, twice: still one annex.
    url = reverse("admin:agreements_contract_changelist")
    for _ in range(2):
        client.post(url, {"action": "attach", "_selected_action": [str(c.pk) for c in
                                                                     Contract.objects.all()]})  # fmt: skip
    assert [t for t, _sha in _annexes(item)] == ["Resultatkontrakt 2024"]


def test_item_picker_shows_the_meeting_and_its_date(client_for):
    item = _item(title="Regnskab 2023 for sundhedssekretariatet")
    client = client_for("secretariat")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "sundhedssekretariatet",
            "app_label": "budgets",
            "model_name": "budgettable",
            "field_name": "approved_by",
        },
    )
    texts = [result["text"] for result in json.loads(response.content)["results"]]
    meeting = item.section.meeting
    assert texts == [f"{item.number} {item.title} – {meeting.body.name} 22.09.2027"]
