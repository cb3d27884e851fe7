"""Every change to result contracts goes through here."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.checks import contract_warnings
from agreements.models import Contract, Result, Target
from agreements.pdf import contract_pdf
from kkr_portal.transitions import require_transition
from meetings.attach import (
    generated_annex_attach,
    generated_annex_detach,
    generated_annex_refuse_draft,
)
from meetings.models import AgendaItem

TRANSITIONS = {
    Contract.Status.DRAFT: {Contract.Status.APPROVED},
    Contract.Status.APPROVED: {Contract.Status.SIGNED, Contract.Status.DRAFT},
    Contract.Status.SIGNED: set(),
}


def contract_transition(*, contract: Contract, to: str, accept_warnings: bool = False) -> Contract:
    """Move a contract along draft → approved → signed. Approval with open warnings needs
    them accepted explicitly."""
    require_transition(TRANSITIONS, obj=contract, to=to)
    if to == Contract.Status.APPROVED:
        warnings = contract_warnings(contract)
        if warnings and not accept_warnings:
            raise ValidationError(
                [
                    _("%(where)s: %(message)s") % {"where": w.where, "message": w.message}
                    for w in warnings
                ]
            )
    if to == Contract.Status.SIGNED and not (contract.signed_date and contract.signatories):
        raise ValidationError(
            _("Angiv underskrivere og underskriftsdato før kontrakten markeres underskrevet.")
        )
    contract.status = to
    contract.save(update_fields=["status"])
    contract_annex_sync(contract=contract)
    return contract


@transaction.atomic
def contract_copy_to_next_year(*, contract: Contract) -> Contract:
    """A new draft for the following year: chapters, goals, targets and activities carried
    over, target years moved on by one; results are not, and the signature blocks keep the
    parties and signatories with the dates left as placeholders."""
    year = contract.year + 1
    copy = Contract.objects.create(
        year=year,
        party=contract.party,
        counterparty=contract.counterparty,
        version_label="Udkast",
        basic_grant=contract.basic_grant,
        grant_key=contract.grant_key,
        copied_from=contract,
    )
    for chapter in contract.chapters.all():
        _copy_row(chapter, contract=copy)
    # The same parties sign again; the dates are placeholders until then, and warn before approval.
    for signature in contract.signatures.all():
        _copy_row(signature, contract=copy, date_text=f"d. xx/xx – {contract.year}")
    for goal in contract.goals.prefetch_related("targets__values", "activities"):
        new_goal = _copy_row(goal, contract=copy)
        for target in goal.targets.all():
            new_target = _copy_row(target, goal=new_goal)
            for value in target.values.all():
                _copy_row(value, target=new_target, year=value.year + 1)
        for activity in goal.activities.all():
            _copy_row(activity, goal=new_goal, completed=False)
    return copy


def _copy_row(row, **changes):
    """A new row with the field values of `row`, apart from `changes` (at least its new parent)."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key and field.name not in changes
    }
    return type(row).objects.create(**values, **changes)


def result_record(*, target: Target, year: int, achieved: Decimal, measured_on=None, comment=""):
    result, _created = Result.objects.update_or_create(
        target=target,
        year=year,
        defaults={"achieved": achieved, "measured_on": measured_on, "comment": comment},
    )
    return result


def contract_attach_to_item(*, contract: Contract, item) -> object:
    """Render the approved contract as a PDF annex of the item that treats it (replacing the
    one attached before)."""
    generated_annex_refuse_draft(
        approved=contract.status != Contract.Status.DRAFT, what=_("Resultatkontrakten")
    )
    name = f"Resultatkontrakt_{contract.year}.pdf"
    return generated_annex_attach(
        item=item, data=contract_pdf(contract), filename=name, title=contract_annex_title(contract)
    )


def contract_annex_title(contract: Contract) -> str:
    return f"Resultatkontrakt {contract.year}"


def contract_annex_sync(*, contract: Contract, previous_item_id: int | None = None) -> None:
    """An approved or signed contract with an adopting item has its PDF on that item, kept
    current and never twice; back to draft or moved to another item, it is taken off the old one."""
    title = contract_annex_title(contract)
    previous_item = (
        AgendaItem.objects.filter(pk=previous_item_id).first() if previous_item_id else None
    )
    if previous_item is not None and previous_item != contract.adopted_by:
        generated_annex_detach(item=previous_item, title=title)
    if contract.adopted_by is None:
        return
    if contract.status == Contract.Status.DRAFT:
        generated_annex_detach(item=contract.adopted_by, title=title)
    else:
        contract_attach_to_item(contract=contract, item=contract.adopted_by)
