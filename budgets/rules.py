import rules

from meetings.rules import is_secretariat

for _model in (
    "distributionkey", "keybasis", "keyparticipant", "keyvalue", "keyderived",
    "secretariat", "budgettable", "period", "line", "amount", "footnote",
):  # fmt: skip
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"budgets.{_action}_{_model}", is_secretariat)
rules.add_perm("budgets", is_secretariat)
