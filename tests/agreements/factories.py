from decimal import Decimal

from agreements.models import Activity, Contract, Goal, Target, TargetValue


def contract_with_goals(year=2023, status=Contract.Status.SIGNED, **texts):
    contract = Contract.objects.create(year=year, status=status, version_label="Test")
    goal = Goal.objects.create(
        contract=contract, number=3, title="Kvalitet og tilfredshed",
        goal_text=texts.get("goal_text", "<p>Mindst 80 pct. er meget tilfredse.</p>"),
        method=texts.get("method", "<p>Opgøres af Erhvervsstyrelsen.</p>"),
    )  # fmt: skip
    nps = Target.objects.create(goal=goal, indicator="Net Promoter Score", unit="NPS",
                                partial_value=Decimal("50"))  # fmt: skip
    TargetValue.objects.create(target=nps, year=year, value=Decimal("60"))
    local = Goal.objects.create(
        contract=contract, number=8, title="Styrket regional strategi", kind="local",
        reporting=texts.get("reporting", "<p>Målet er 100 % opfyldt, når de 3 indsatser er gennemført.</p>"),
    )  # fmt: skip
    for position in (1, 2, 3):
        Activity.objects.create(goal=local, position=position, text=f"Indsats {position}")
    return contract
