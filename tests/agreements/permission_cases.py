from django.urls import reverse

from agreements.models import Contract
from tests.access import EVERYONE, ONLY_SECRETARIAT
from tests.agreements.factories import contract_with_goals


def _signed(p):
    contract_with_goals(year=2023)
    return reverse("agreements:contract_detail", args=[2023])


def _draft(p):
    contract_with_goals(
        year=2031, status=Contract.Status.DRAFT, goal_text="<p>KLADDEMØDE-udkast</p>"
    )
    return reverse("agreements:contract_detail", args=[2031])


CASES = {
    "agreements:contract_list": [(lambda p: reverse("agreements:contract_list"), EVERYONE)],
    "agreements:contract_detail": [(_signed, EVERYONE), (_draft, ONLY_SECRETARIAT)],
    "agreements:comparison": [(lambda p: reverse("agreements:comparison"), EVERYONE)],
}
