import rules

from meetings.rules import is_secretariat

for _model in ("contract", "chapter", "goal", "target", "targetvalue", "activity", "result"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"agreements.{_action}_{_model}", is_secretariat)
rules.add_perm("agreements", is_secretariat)
