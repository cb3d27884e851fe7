from django.shortcuts import render

from agreements import selectors
from agreements.checks import contract_warnings
from budgets.selectors import key_split
from meetings import visibility
from meetings.rules import is_secretariat


def contract_list(request):
    contracts = selectors.contracts_for(request.user)
    return render(request, "agreements/contract_list.html", {"contracts": contracts})


def contract_detail(request, year):
    contract = selectors.contract_for_year(year=year, user=request.user)
    warnings = contract_warnings(contract) if is_secretariat(request.user) else []
    split = None
    if visibility.row_visible(contract.grant_key, request.user):
        split = key_split(key=contract.grant_key)
    else:
        contract.grant_key = None  # a draft key stays out of the page (never saved)
    return render(
        request,
        "agreements/contract_detail.html",
        {"contract": contract, "warnings": warnings, "split": split},
    )


def contract_comparison(request):
    return render(request, "agreements/comparison.html", selectors.comparison(user=request.user))
