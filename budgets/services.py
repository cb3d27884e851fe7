"""Every change of state of budget tables and distribution keys goes through here: approval is a
transition with its checks (the contracts' way, agreements/services.py), never a free field."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgets.allocation import AllocationError
from budgets.keys import key_allocation, key_warnings
from budgets.models import BudgetTable, DistributionKey
from budgets.pdf import table_pdf
from budgets.tables import table_warnings
from kkr_portal.transitions import require_transition
from meetings.attach import (
    generated_annex_attach,
    generated_annex_detach,
    generated_annex_refuse_draft,
)
from meetings.models import AgendaItem

KEY_TRANSITIONS = {
    DistributionKey.Status.DRAFT: {DistributionKey.Status.APPROVED},
    DistributionKey.Status.APPROVED: {DistributionKey.Status.DRAFT},
}
TABLE_TRANSITIONS = {
    BudgetTable.Status.DRAFT: {BudgetTable.Status.APPROVED},
    BudgetTable.Status.APPROVED: {BudgetTable.Status.DRAFT},
}


def _refuse_with_warnings(messages: list[str], accept_warnings: bool) -> None:
    if messages and not accept_warnings:
        raise ValidationError(messages)


@transaction.atomic
def key_transition(
    *, key: DistributionKey, to: str, accept_warnings: bool = False
) -> DistributionKey:
    """Approve a key (it must split; its warnings need accepting) or take it back to draft (only
    while no approved table or contract uses it, so readers never meet a draft key)."""
    key = DistributionKey.objects.select_for_update().get(pk=key.pk)
    require_transition(KEY_TRANSITIONS, obj=key, to=to)
    if to == DistributionKey.Status.APPROVED:
        try:
            allocation = key_allocation(key=key)
        except AllocationError as error:
            raise ValidationError(
                _("Nøglen kan ikke fordele: %(reason)s.") % {"reason": error}
            ) from error
        found = key_warnings(key=key, allocation=allocation)
        _refuse_with_warnings([w.message for w in found], accept_warnings)
    else:
        tables = BudgetTable.objects.filter(payback_key=key, status=BudgetTable.Status.APPROVED)
        contracts = key.contracts.exclude(status=key.contracts.model.Status.DRAFT)
        users = [str(row) for row in [*tables, *contracts]]
        if users:
            raise ValidationError(
                _("Nøglen bruges af %(users)s; sæt dem tilbage til kladde først.")
                % {"users": ", ".join(users)}
            )
    key.status = to
    key.save(update_fields=["status"])
    return key


@transaction.atomic
def table_transition(*, table: BudgetTable, to: str, accept_warnings: bool = False) -> BudgetTable:
    """Approve a table (its repayment key must be approved; its warnings need accepting) or take
    it back to draft."""
    table = BudgetTable.objects.select_for_update().get(pk=table.pk)
    require_transition(TABLE_TRANSITIONS, obj=table, to=to)
    if to == BudgetTable.Status.APPROVED:
        key = table.payback_key
        if key is not None and key.status != DistributionKey.Status.APPROVED:
            raise ValidationError(
                _("Nøglen for tilbagebetaling, %(key)s, er ikke godkendt.") % {"key": key}
            )
        _refuse_with_warnings([w.message for w in table_warnings(table)], accept_warnings)
    table.status = to
    table.save(update_fields=["status"])
    table_annex_sync(table=table)
    return table


def table_attach_to_item(*, table, item):
    """Render the approved table as a PDF annex of the item that approves it (replacing the one
    attached before)."""
    generated_annex_refuse_draft(
        approved=table.status == table.Status.APPROVED, what=_("Budgettabellen")
    )
    return generated_annex_attach(
        item=item, data=table_pdf(table), filename=f"{table.title[:80]}.pdf", title=table.title
    )


def table_annex_sync(*, table: BudgetTable, previous_item_id: int | None = None) -> None:
    """An approved table with "approved under item" has its PDF on that item, kept current and
    never twice; back to draft or moved to another item, it is taken off the old one."""
    previous_item = (
        AgendaItem.objects.filter(pk=previous_item_id).first() if previous_item_id else None
    )
    if previous_item is not None and previous_item != table.approved_by:
        generated_annex_detach(item=previous_item, title=table.title)
    if table.approved_by is None:
        return
    if table.status == BudgetTable.Status.APPROVED:
        table_attach_to_item(table=table, item=table.approved_by)
    else:
        generated_annex_detach(item=table.approved_by, title=table.title)
